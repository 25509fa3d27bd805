import type { TypeRegistry } from '../../api/types/format.js';
import { isGranularObject } from './field-walk.js';
import { isObject, type JsonObject } from './json.js';
import { keyedItemElement, setItemElement } from './list-item-key.js';
import { formatTime, type ManagedFieldsEntry } from './managed-fields.js';
import { childNode, elementNode, isStruct, listKind, rootNode, type SchemaNode } from './schema.js';

export interface CreateManagedFieldsOptions {
  manager: string;
  apiVersion: string;
  now: Date | string;
  registry: TypeRegistry;
  typeName: string;
}

/** Top-level fields a main-resource write never owns (isTracked's list, and `status`). */
const UNTRACKED_ROOT = new Set(['apiVersion', 'kind', 'status']);
/** metadata fields never owned (isTracked's list). */
const UNTRACKED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

/** A node of the fieldsV1 tree being built: whether its path is a field of its own, and what lies below. */
interface Tree {
  member: boolean;
  children: Map<string, Tree> | undefined;
}

function sub(tree: Tree, element: string): Tree {
  const children = (tree.children ??= new Map());
  let next = children.get(element);
  if (!next) children.set(element, (next = { member: false, children: undefined }));
  return next;
}

/** FieldSet.toFieldsV1's encoding of a tree; undefined for a subtree holding no field. */
function toJson(tree: Tree): JsonObject | undefined {
  const out: JsonObject = {};
  let any = false;
  if (tree.children) {
    const keys = [...tree.children.keys()].sort();
    let first = true;
    for (const key of keys) {
      const child = toJson(tree.children.get(key)!);
      if (!child) continue;
      if (first && tree.member) out['.'] = {};
      first = false;
      out[key] = child;
      any = true;
    }
  }
  return any || tree.member ? out : undefined;
}

/** A list holds two items with the same path element: the sorted walk gives way to the tree. */
class DuplicateElement extends Error {}

/**
 * The managedFields a create records: one Update entry of `manager` owning every field of
 * `obj` that a main-resource write tracks. The same result as updateManagedFields(undefined,
 * obj, ...) (byte for byte, see its test), built in one walk without path lists or FieldSets.
 * Undefined when the object sets no tracked field.
 */
export function createManagedFields(obj: JsonObject, options: CreateManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  let fieldsV1: JsonObject | undefined;
  try {
    fieldsV1 = sortedWalk(obj, options.registry, rootNode(options.registry, options.typeName));
  } catch (err) {
    if (!(err instanceof DuplicateElement)) throw err;
    fieldsV1 = treeWalk(obj, options.registry, rootNode(options.registry, options.typeName));
  }
  if (!fieldsV1) return undefined;
  return [{ manager: options.manager, operation: 'Update', apiVersion: options.apiVersion, time: formatTime(options.now), fieldsType: 'FieldsV1', fieldsV1 }];
}

const LEAF = (): JsonObject => ({});

/**
 * The fieldsV1 object built directly in sorted order: the members of an object are its keys
 * sorted, list items their path elements sorted. Throws DuplicateElement when two items of a
 * list share an element (their fields would have to be merged: treeWalk does that).
 */
function sortedWalk(obj: JsonObject, registry: TypeRegistry, rootN: SchemaNode | undefined): JsonObject | undefined {
  /** The fields below a member (`member`: the member is a field of its own, then `.` leads); undefined when none and not a member. */
  const below = (v: unknown, n: SchemaNode | undefined, member: boolean, skip: Set<string> | undefined, isRoot: boolean): JsonObject | undefined => {
    if (isObject(v) && isGranularObject(n)) {
      const struct = isStruct(n);
      const keys = Object.keys(v);
      if (keys.length > 1) keys.sort();
      let out: JsonObject | undefined;
      for (const key of keys) {
        if (skip?.has(key)) continue;
        const child = v[key];
        let fields: JsonObject | undefined;
        if (child === null || (isObject(child) && isEmpty(child))) fields = LEAF();
        else {
          const childMember = !struct && (isObject(child) || Array.isArray(child));
          fields = below(child, childNode(registry, n, key), childMember, isRoot && key === 'metadata' ? UNTRACKED_META : undefined, false);
        }
        if (!fields) continue;
        out ??= member ? { '.': {} } : {};
        out[`f:${key}`] = fields;
      }
      return out ?? (member ? LEAF() : undefined);
    }
    if (Array.isArray(v)) {
      const kind = listKind(n);
      if (kind.kind === 'atomic') return isRoot ? undefined : LEAF();
      const items: { element: string; fields: JsonObject }[] = [];
      if (kind.kind === 'set') {
        for (const item of v) items.push({ element: setItemElement(item), fields: LEAF() });
      } else {
        const elem = elementNode(n);
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          const element = keyedItemElement(item, kind.keys, i);
          items.push({ element, fields: isObject(item) && !isEmpty(item) ? below(item, elem, true, undefined, false)! : LEAF() });
        }
      }
      if (items.length === 0) return member ? LEAF() : undefined;
      if (items.length > 1) items.sort((a, b) => (a.element < b.element ? -1 : a.element > b.element ? 1 : 0));
      const out: JsonObject = member ? { '.': {} } : {};
      for (let i = 0; i < items.length; i++) {
        if (i > 0 && items[i].element === items[i - 1].element) throw new DuplicateElement();
        out[items[i].element] = items[i].fields;
      }
      return out;
    }
    return isRoot ? undefined : LEAF();
  };
  return below(obj, rootN, false, UNTRACKED_ROOT, true);
}

/** The general walk: a tree of path elements (merging repeated ones), then encoded sorted. */
function treeWalk(obj: JsonObject, registry: TypeRegistry, rootN: SchemaNode | undefined): JsonObject | undefined {
  const root: Tree = { member: false, children: undefined };
  const visit = (v: unknown, n: SchemaNode | undefined, tree: Tree, isRoot: boolean, skip: Set<string> | undefined): void => {
    if (isObject(v) && isGranularObject(n)) {
      const struct = isStruct(n);
      for (const key of Object.keys(v)) {
        if (skip?.has(key)) continue;
        const child = v[key];
        const childTree = sub(tree, `f:${key}`);
        if (child === null || (isObject(child) && isEmpty(child))) {
          childTree.member = true;
          continue;
        }
        if (!struct && (isObject(child) || Array.isArray(child))) childTree.member = true;
        visit(child, childNode(registry, n, key), childTree, false, isRoot && key === 'metadata' ? UNTRACKED_META : undefined);
      }
      return;
    }
    if (Array.isArray(v)) {
      const kind = listKind(n);
      if (kind.kind === 'atomic') {
        if (!isRoot) tree.member = true;
      } else if (kind.kind === 'set') {
        for (const item of v) sub(tree, setItemElement(item)).member = true;
      } else {
        const elem = elementNode(n);
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          const itemTree = sub(tree, keyedItemElement(item, kind.keys, i));
          itemTree.member = true;
          if (isObject(item) && !isEmpty(item)) visit(item, elem, itemTree, false, undefined);
        }
      }
      return;
    }
    if (!isRoot) tree.member = true;
  };
  visit(obj, rootN, root, true, UNTRACKED_ROOT);
  const fieldsV1 = toJson(root);
  return fieldsV1 && root.children ? fieldsV1 : undefined;
}

function isEmpty(obj: JsonObject): boolean {
  for (const _ in obj) return false;
  return true;
}
