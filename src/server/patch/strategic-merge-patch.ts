import type { TypeRegistry } from '../../api/types/format.js';
import { BadRequestError } from '../../errors.js';
import { orderMergedList } from './element-order.js';
import { clone, isObject, type JsonObject } from './json.js';
import { childNode, patchTags, rootNode, type SchemaNode } from './schema.js';
import { deleteFromPrimitiveList, listItemKey, mergeStrategicList } from './strategic-list.js';

const ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

function arrayDirective(value: unknown, name: string, path: string): unknown[] {
  if (!Array.isArray(value)) throw new BadRequestError(`${path}: ${name} must be a list, got ${JSON.stringify(value)}`);
  return value;
}

function applyRetainKeys(out: JsonObject, patch: JsonObject, retain: unknown, path: string): void {
  const keys = arrayDirective(retain, '$retainKeys', path);
  if (!keys.every((k) => typeof k === 'string')) throw new BadRequestError(`${path}: $retainKeys must list field names`);
  const allowed = new Set(keys as string[]);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith('$')) continue;
    if (!allowed.has(k)) throw new BadRequestError(`${path}: field "${k}" is in the patch but not in $retainKeys`);
  }
  for (const k of Object.keys(out)) if (!allowed.has(k)) delete out[k];
}

function mergeMap(registry: TypeRegistry, original: JsonObject | undefined, patchIn: JsonObject, node: SchemaNode | undefined, path: string): JsonObject {
  const patch: JsonObject = { ...patchIn };
  if ('$patch' in patch) {
    const directive = patch.$patch;
    delete patch.$patch;
    if (directive === 'replace') return mergeMap(registry, undefined, patch, node, path);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw new BadRequestError(`${path || '.'}: unknown patch type ${JSON.stringify(directive)}`);
  }
  const out: JsonObject = clone(original ?? {});
  if ('$retainKeys' in patch) {
    const retain = patch.$retainKeys;
    delete patch.$retainKeys;
    applyRetainKeys(out, patch, retain, path);
  }
  const orders = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith('$')) continue;
    if (key.startsWith(ORDER)) orders.set(key.slice(ORDER.length), arrayDirective(value, key, path));
    else if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      const values = arrayDirective(value, key, path);
      if (Array.isArray(out[field])) out[field] = deleteFromPrimitiveList(out[field] as unknown[], values);
    } else throw new BadRequestError(`${path || '.'}: unknown patch directive "${key}"`);
  }
  const originals = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const here = `${path}.${key}`;
    if (value === null) {
      delete out[key];
      continue;
    }
    const child = childNode(registry, node, key);
    const live = out[key];
    if (Array.isArray(value)) {
      if (Array.isArray(live)) originals.set(key, live);
      out[key] = mergeStrategicList(Array.isArray(live) ? live : undefined, value, child, here, (o, p, n, at) => mergeMap(registry, o, p, n, at));
    } else if (isObject(value)) {
      if (value.$patch === 'delete') delete out[key];
      else out[key] = mergeMap(registry, isObject(live) && !patchTags(child).replace ? live : undefined, value, child, here);
    } else {
      out[key] = clone(value);
    }
  }
  for (const [field, order] of orders) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    const keyOf = listItemKey(patchTags(childNode(registry, node, field)).mergeKey);
    const before = originals.get(field) ?? (isObject(original) && Array.isArray(original[field]) ? (original[field] as unknown[]) : list);
    out[field] = orderMergedList(list, order, before, keyOf);
  }
  return out;
}

/**
 * Applies a strategic merge patch (as `kubectl apply` and `kubectl patch` send) to a copy of
 * `doc`, using the merge keys and patch strategies of `typeName`'s tables in `registry`.
 * Fields the tables do not describe fall back to JSON merge patch semantics.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, registry: TypeRegistry, typeName: string): JsonObject {
  if (!isObject(patch)) throw new BadRequestError(`strategic merge patch must be a JSON object, got ${JSON.stringify(patch)}`);
  return mergeMap(registry, isObject(doc) ? doc : undefined, patch, rootNode(registry, typeName), '');
}
