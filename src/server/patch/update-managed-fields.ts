import type { TypeRegistry } from '../../api/types/format.js';
import { compareFields } from './compare-fields.js';
import { FieldSet, type FieldPath } from './field-set.js';
import { isObject, type JsonObject } from './json.js';
import { decodeManagedFields, formatTime, putManagedFields, sameManager, type FieldManager } from './managed-fields.js';
import { rootNode } from './schema.js';
import { isTracked } from './tracked-fields.js';

export interface UpdateManagedFieldsOptions {
  /** e.g. "kubectl-client-side-apply", "kubectl-edit", "kubectl-create", or the user agent. */
  manager: string;
  operation?: 'Update';
  apiVersion: string;
  now: Date | string;
  registry: TypeRegistry;
  typeName: string;
  /** "status" for status subresource writes: only `status` is tracked. */
  subresource?: string;
}

/**
 * Records an ordinary write (create, update, patch): the manager's `Update` entry gains the
 * fields the write added or changed and loses those it removed; other managers lose
 * ownership of every field the write changed or removed. Returns a copy of `after` carrying
 * the new `metadata.managedFields` (a copy down to `metadata`; the rest is shared with `after`).
 */
export function updateManagedFields(before: JsonObject | undefined, after: JsonObject, options: UpdateManagedFieldsOptions): JsonObject {
  const { registry, subresource } = options;
  const node = rootNode(registry, options.typeName);
  const keep = (path: FieldPath): boolean => isTracked(path, subresource);
  const managers = decodeManagedFields(before);
  // keep() leaves metadata.managedFields out of the comparison: no copies without it needed.
  const change = compareFields(before ?? {}, after, registry, node, keep);
  const changed = change.added.union(change.modified);

  const me: Omit<FieldManager, 'fields'> = { manager: options.manager, operation: 'Update', apiVersion: options.apiVersion, ...(subresource ? { subresource } : {}) };
  const existing = managers.find((m) => sameManager(m, me));
  const next: FieldManager[] = managers
    .filter((m) => m !== existing)
    .map((m) => ({ ...m, fields: m.fields.difference(changed).difference(change.removed) }));
  const fields = (existing?.fields ?? new FieldSet()).difference(change.removed).union(changed);
  const touched = !changed.isEmpty() || !change.removed.isEmpty() || !existing;
  const time = touched ? formatTime(options.now) : existing?.time;
  next.push({ ...me, ...(time !== undefined ? { time } : {}), fields });
  // A copy of `after` down to metadata (the rest is shared), without the old entries.
  const result: JsonObject = { ...after };
  if (isObject(after.metadata)) {
    const { managedFields: _old, ...metadata } = after.metadata;
    result.metadata = metadata;
  } else if (next.every((m) => m.fields.isEmpty())) return result;
  return putManagedFields(result, next);
}
