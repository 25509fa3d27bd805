import { BadRequestError } from '../../errors.js';
import { orderMergedList } from './element-order.js';
import { canonicalJson, clone, isObject, type JsonObject } from './json.js';
import { jsonEqual } from '../../api/json-equal.js';
import { elementNode, patchTags, type SchemaNode } from './schema.js';

/** Merges one map item of a list (the strategic map merge, passed in to avoid a cycle). */
export type MergeItem = (original: JsonObject | undefined, patch: JsonObject, node: SchemaNode | undefined, path: string) => JsonObject;

/** The function that names a list item for matching and ordering. */
export function listItemKey(mergeKey: string | undefined): (item: unknown) => string {
  return mergeKey ? (item) => canonicalJson(isObject(item) ? item[mergeKey] : item) : (item) => canonicalJson(item);
}

function mergeMapItems(original: unknown[], patch: unknown[], mergeKey: string, node: SchemaNode | undefined, path: string, mergeItem: MergeItem): unknown[] {
  const elem = elementNode(node);
  const keyOf = listItemKey(mergeKey);
  let base = original.map((item) => clone(item));
  const rest: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isObject(item)) throw new BadRequestError(`${path}: list item ${JSON.stringify(item)} is not an object`);
    const directive = item.$patch;
    if (directive === undefined || directive === 'merge') {
      if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) {
        throw new BadRequestError(`${path}: map ${JSON.stringify(item)} does not contain declared merge key "${mergeKey}"`);
      }
      rest.push(item);
    } else if (directive === 'delete') {
      if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) {
        throw new BadRequestError(`${path}: $patch: delete item ${JSON.stringify(item)} does not contain declared merge key "${mergeKey}"`);
      }
      base = base.filter((o) => !(isObject(o) && jsonEqual(o[mergeKey], item[mergeKey])));
    } else if (directive === 'replace') {
      replace = true;
    } else {
      throw new BadRequestError(`${path}: unknown patch type ${JSON.stringify(directive)} in list item`);
    }
  }
  if (replace) return rest.map((item) => mergeItem(undefined, item, elem, path));
  const merged = [...base];
  for (const item of rest) {
    const at = merged.findIndex((o) => isObject(o) && jsonEqual(o[mergeKey], item[mergeKey]));
    if (at >= 0) merged[at] = mergeItem(merged[at] as JsonObject, item, elem, path);
    else merged.push(mergeItem(undefined, item, elem, path));
  }
  return orderMergedList(merged, rest, base, keyOf);
}

function mergePrimitives(original: unknown[], patch: unknown[]): unknown[] {
  const keyOf = listItemKey(undefined);
  const seen = new Set<string>();
  const merged: unknown[] = [];
  for (const item of [...original, ...patch]) {
    const k = keyOf(item);
    if (!seen.has(k)) {
      seen.add(k);
      merged.push(clone(item));
    }
  }
  return orderMergedList(merged, patch, original, keyOf);
}

/**
 * Merges a patch list into the live list of the field described by `node`: lists with
 * patchStrategy merge and a merge key merge item by item, lists of primitives with merge are
 * unions, everything else is replaced by the patch.
 */
export function mergeStrategicList(original: unknown[] | undefined, patch: unknown[], node: SchemaNode | undefined, path: string, mergeItem: MergeItem): unknown[] {
  const tags = patchTags(node);
  if (!tags.merge) return clone(patch);
  const live = original ?? [];
  const hasMaps = [...live, ...patch].some((item) => isObject(item));
  if (hasMaps) {
    if (!tags.mergeKey) throw new BadRequestError(`${path}: cannot merge lists without merge key`);
    return mergeMapItems(live, patch, tags.mergeKey, node, path, mergeItem);
  }
  return mergePrimitives(live, patch);
}

/** `$deleteFromPrimitiveList/<list>`: drops the listed values from the live list. */
export function deleteFromPrimitiveList(original: unknown[], values: unknown[]): unknown[] {
  return original.filter((item) => !values.some((v) => jsonEqual(v, item))).map((item) => clone(item));
}
