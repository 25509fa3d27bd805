/** Path lookup through the type tables: follows refs, list elements and map values. */
import type { Field, FieldType, TypeRegistry } from './format.js';
import { INLINE_PREFIX } from './core-v1-helpers.js';

/**
 * The field at `path` (JSON names) below `typeName`, e.g. ["spec", "containers", "image"] from
 * "core.v1.Pod". A list is crossed transparently, or by an index segment ("0", "*"); a map
 * consumes one segment as its key. Index and key segments yield the element type with the
 * enclosing field's proto number and no options. Unknown types, fields or paths: undefined.
 */
export function lookupField(registry: TypeRegistry, typeName: string, path: readonly string[]): Field | undefined {
  if (path.length === 0 || !Object.hasOwn(registry, typeName)) return undefined;
  let current: Field = [{ ref: typeName }, 0];
  for (const segment of path) {
    const next = step(registry, current, segment);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

function step(registry: TypeRegistry, field: Field, segment: string): Field | undefined {
  let type: FieldType = field[0];
  if (typeof type === 'object' && 'map' in type) return [type.map, field[1]];
  if (typeof type === 'object' && 'list' in type) {
    if (segment === '*' || /^\d+$/.test(segment)) return [type.list, field[1]];
    while (typeof type === 'object' && 'list' in type) type = type.list;
  }
  if (typeof type !== 'object' || !('ref' in type)) return undefined;
  if (segment.startsWith(INLINE_PREFIX) || !Object.hasOwn(registry, type.ref)) return undefined;
  const table = registry[type.ref]!;
  return Object.hasOwn(table, segment) ? table[segment] : undefined;
}
