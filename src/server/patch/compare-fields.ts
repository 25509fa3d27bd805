import type { TypeRegistry } from '../../api/types/format.js';
import { FieldSet, type FieldPath } from './field-set.js';
import { collectFields } from './field-walk.js';
import type { SchemaNode } from './schema.js';

/** What changed between two versions of an object, as sets of field paths. */
export interface FieldComparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * Compares two objects field by field, keeping only the paths `keep` accepts; a path it
 * rejects is not walked further (it must reject that path's descendants too, as isTracked does).
 */
export function compareFields(before: unknown, after: unknown, registry: TypeRegistry, node: SchemaNode | undefined, keep: (path: FieldPath) => boolean): FieldComparison {
  const a = collectFields(before, registry, node, { keep });
  // Against nothing every field is added: no leaf values to compare.
  const b = collectFields(after, registry, node, { keep, values: a.size > 0 });
  const added: FieldPath[] = [];
  const modified: FieldPath[] = [];
  const removed: FieldPath[] = [];
  for (const [key, entry] of b) {
    if (!keep(entry.path)) continue;
    const old = a.get(key);
    if (!old) added.push(entry.path);
    else if (old.value !== entry.value) modified.push(entry.path);
  }
  for (const [key, entry] of a) if (keep(entry.path) && !b.has(key)) removed.push(entry.path);
  return { added: new FieldSet(added), modified: new FieldSet(modified), removed: new FieldSet(removed) };
}

/** The set of fields an object sets (its applied configuration, for an applier); `keep` as for compareFields. */
export function fieldSetOf(value: unknown, registry: TypeRegistry, node: SchemaNode | undefined, keep: (path: FieldPath) => boolean): FieldSet {
  return new FieldSet([...collectFields(value, registry, node, { keep, values: false }).values()].map((e) => e.path));
}
