import type { TypeRegistry } from '../../api/types/format.js';
import type { FieldPath } from './field-set.js';
import { canonicalJson as canonical, isObject } from './json.js';
import { keyedItemElement, setItemElement } from './list-item-key.js';
import { childNode, elementNode, isStruct, listKind, type SchemaNode } from './schema.js';

/** One field of an object: its path and, for leaves, the canonical JSON of its value. */
export interface FieldEntry {
  path: FieldPath;
  /** Canonical JSON for a leaf; "" for a member that only holds other fields (a list item, a map entry). */
  value: string;
}

/** True when an object value under `node` is tracked field by field rather than as one leaf. */
export function isGranularObject(node: SchemaNode | undefined): boolean {
  return !node || node.type === 'any' || typeof node.type !== 'string';
}

export interface CollectOptions {
  /**
   * Paths to collect; a path it rejects is skipped with everything below it (so it must reject
   * the descendants of what it rejects, as isTracked does).
   */
  keep?: (path: FieldPath) => boolean;
  /** Whether entries carry their leaf's canonical JSON (default true); "" for all when false. */
  values?: boolean;
}

/**
 * Every field of `value` as server-side apply sees them: scalars, atomic lists, null and
 * empty objects are leaves; keyed and set list items and entries of string maps are members
 * of their own; struct fields holding non-empty objects are only the sum of their children.
 */
export function collectFields(value: unknown, registry: TypeRegistry, node: SchemaNode | undefined, options: CollectOptions = {}): Map<string, FieldEntry> {
  const out = new Map<string, FieldEntry>();
  const { keep, values = true } = options;
  const canonicalJson = values ? canonical : () => '';
  const add = (path: FieldPath, v: string): void => {
    out.set(path.join('\u0000'), { path, value: v });
  };
  const visit = (v: unknown, n: SchemaNode | undefined, path: FieldPath): void => {
    if (isObject(v) && isGranularObject(n)) {
      const struct = isStruct(n);
      for (const [key, child] of Object.entries(v)) {
        const childPath = [...path, `f:${key}`];
        if (keep && !keep(childPath)) continue;
        const childN = childNode(registry, n, key);
        if (child === null || (isObject(child) && Object.keys(child).length === 0)) {
          add(childPath, canonicalJson(child));
          continue;
        }
        if (!struct && (isObject(child) || Array.isArray(child))) add(childPath, '');
        visit(child, childN, childPath);
      }
      return;
    }
    if (Array.isArray(v)) {
      const kind = listKind(n);
      if (kind.kind === 'atomic') {
        if (path.length > 0) add(path, canonicalJson(v));
      } else if (kind.kind === 'set') {
        for (const item of v) add([...path, setItemElement(item)], '');
      } else {
        const elem = elementNode(n);
        v.forEach((item, i) => {
          const itemPath = [...path, keyedItemElement(item, kind.keys, i)];
          if (isObject(item) && Object.keys(item).length > 0) {
            add(itemPath, '');
            visit(item, elem, itemPath);
          } else add(itemPath, canonicalJson(item));
        });
      }
      return;
    }
    if (path.length > 0) add(path, canonicalJson(v));
  };
  visit(value, node, []);
  return out;
}
