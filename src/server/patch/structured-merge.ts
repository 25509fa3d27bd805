import type { TypeRegistry } from '../../api/types/format.js';
import type { FieldPath } from './field-set.js';
import { isGranularObject } from './field-walk.js';
import { canonicalJson, clone, isObject, type JsonObject } from './json.js';
import { findListItem, keyedItemElement } from './list-item-key.js';
import { childNode, elementNode, listKind, type SchemaNode } from './schema.js';

/**
 * Merges two lists by item key: items of both keep the applied order, live-only items keep
 * their place among them (the interleaving upstream's structured merge uses).
 */
function mergeByKey(lhs: unknown[], rhs: unknown[], keyOf: (item: unknown, i: number) => string, mergeItem: (l: unknown, r: unknown) => unknown): unknown[] {
  const lKeys = lhs.map(keyOf);
  const rKeys = rhs.map(keyOf);
  const lItems = new Map<string, unknown>();
  lhs.forEach((item, i) => lItems.has(lKeys[i]) || lItems.set(lKeys[i], item));
  const rSet = new Set(rKeys);
  const shared = rKeys.filter((k) => lItems.has(k));
  let nextShared = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let r = 0;
  const takeRight = (): void => {
    const k = rKeys[r];
    done.add(k);
    out.push(mergeItem(lItems.get(k), rhs[r]));
    if (shared[nextShared] === k) nextShared++;
    r++;
  };
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      if (lKeys[l] === rKeys[r]) {
        takeRight();
        l++;
        continue;
      }
      if (rSet.has(lKeys[l]) && nextShared < shared.length && shared[nextShared] !== lKeys[l]) {
        l++;
        continue;
      }
    }
    if (l < lhs.length) {
      if (!rSet.has(lKeys[l])) {
        out.push(clone(lhs[l]));
        l++;
        continue;
      }
      if (done.has(lKeys[l]) || r >= rhs.length) {
        l++;
        continue;
      }
    }
    takeRight();
  }
  return out;
}

/**
 * Server-side apply's merge of an applied configuration into the live object: objects merge
 * field by field, keyed lists by key, sets by value, atomic lists and scalars are replaced.
 * A `null` in the applied configuration removes the field.
 */
export function mergeApplied(live: unknown, applied: unknown, registry: TypeRegistry, node: SchemaNode | undefined): unknown {
  if (isObject(applied) && isGranularObject(node)) {
    const out: JsonObject = isObject(live) ? clone(live) : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete out[key];
      else out[key] = mergeApplied(out[key], value, registry, childNode(registry, node, key));
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const kind = listKind(node);
    if (kind.kind === 'set') return mergeByKey(live, applied, (item) => canonicalJson(item), (_l, r) => clone(r));
    if (kind.kind === 'map') {
      const elem = elementNode(node);
      return mergeByKey(live, applied, (item, i) => keyedItemElement(item, kind.keys, i), (l, r) => mergeApplied(l, r, registry, elem));
    }
  }
  return clone(applied);
}

function isEmptyContainer(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0;
}

/**
 * Removes the field or list item at `path` from `obj` in place; a missing path is a no-op.
 * Lists and maps the removal leaves empty are removed too, up to (not including) the root.
 */
export function removeFieldPath(obj: JsonObject, path: FieldPath): void {
  const chain: unknown[] = [obj];
  let node: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    const last = i === path.length - 1;
    if (el.startsWith('f:')) {
      if (!isObject(node)) return;
      const name = el.slice(2);
      if (!(name in node)) return;
      if (last) delete node[name];
      else node = node[name];
    } else {
      if (!Array.isArray(node)) return;
      const at = findListItem(node, el);
      if (at < 0) return;
      if (last) node.splice(at, 1);
      else node = node[at];
    }
    if (!last) chain.push(node);
  }
  for (let i = chain.length - 1; i > 0 && isEmptyContainer(chain[i]); i--) {
    const parent = chain[i - 1];
    const el = path[i - 1];
    if (isObject(parent)) delete parent[el.slice(2)];
    else if (Array.isArray(parent)) parent.splice(parent.indexOf(chain[i]), 1);
  }
}
