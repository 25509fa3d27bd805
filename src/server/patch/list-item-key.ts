import { canonicalJson, isObject, type JsonObject } from './json.js';
import { jsonEqual } from '../../api/json-equal.js';

/**
 * Upstream defaults `protocol` to "TCP" in every keyed port list, and server-side apply
 * relies on that default to match `{containerPort: 80}` with the live `{containerPort: 80,
 * protocol: TCP}`. The tables carry no defaults, so this one is known here.
 */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

function keyValue(item: JsonObject, field: string): unknown {
  return item[field] ?? KEY_DEFAULTS[field];
}

/** The fieldsV1 element of a keyed list item (`k:{...}`), or `i:<index>` when it has no key. */
export function keyedItemElement(item: unknown, keys: readonly string[], index: number): string {
  if (!isObject(item)) return `i:${index}`;
  const key: JsonObject = {};
  for (const field of [...keys].sort()) {
    const v = keyValue(item, field);
    if (v !== undefined && v !== null) key[field] = v;
  }
  return Object.keys(key).length === 0 ? `i:${index}` : `k:${canonicalJson(key)}`;
}

/** The fieldsV1 element of a set item. */
export function setItemElement(item: unknown): string {
  return `v:${canonicalJson(item)}`;
}

/** Finds the index of the list item named by a path element, or -1. */
export function findListItem(list: unknown[], element: string): number {
  const body = element.slice(2);
  if (element.startsWith('i:')) {
    const i = Number(body);
    return Number.isInteger(i) && i >= 0 && i < list.length ? i : -1;
  }
  if (element.startsWith('v:')) {
    const value = JSON.parse(body) as unknown;
    return list.findIndex((item) => jsonEqual(item, value));
  }
  if (element.startsWith('k:')) {
    const key = JSON.parse(body) as JsonObject;
    return list.findIndex((item) => isObject(item) && Object.entries(key).every(([f, v]) => jsonEqual(keyValue(item, f), v)));
  }
  return -1;
}
