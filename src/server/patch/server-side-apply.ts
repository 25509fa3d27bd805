import type { TypeRegistry } from '../../api/types/format.js';
import { BadRequestError, type StatusCause } from '../../errors.js';
import { compareFields, fieldSetOf } from './compare-fields.js';
import { FieldSet, fieldPathString, type FieldPath } from './field-set.js';
import { clone, isObject, type JsonObject } from './json.js';
import { decodeManagedFields, describeManager, formatTime, putManagedFields, sameManager, withoutManagedFields, type FieldManager } from './managed-fields.js';
import { rootNode } from './schema.js';
import { mergeApplied, removeFieldPath } from './structured-merge.js';
import { isTracked } from './tracked-fields.js';

export interface ServerSideApplyOptions {
  /** The field manager (`fieldManager` query parameter; kubectl sends "kubectl"). */
  manager: string;
  /** Take ownership of conflicting fields instead of reporting them. */
  force?: boolean;
  registry: TypeRegistry;
  /** Root type of the object, e.g. "apps.v1.Deployment". */
  typeName: string;
  /** The API version the request came in, recorded on the entry ("apps/v1"). */
  apiVersion: string;
  now: Date | string;
  /** "status" for the status subresource: only `status` is applied and owned. */
  subresource?: string;
}

export interface ServerSideApplyResult {
  /** The new object with its managedFields; the unchanged live object when there are conflicts. */
  object: JsonObject;
  /** FieldManagerConflict causes; empty when the apply succeeded (or was forced). */
  conflicts: StatusCause[];
}

function appliedPart(applied: JsonObject, subresource: string | undefined): JsonObject {
  const bare = withoutManagedFields(applied);
  if (subresource === 'status') return 'status' in bare ? { status: bare.status } : {};
  delete bare.status;
  return bare;
}

/** Drops from `obj` what the applier owned before and nobody owns now. */
function prune(obj: JsonObject, previous: FieldSet, owned: FieldSet): void {
  const gone = previous.difference(owned).paths();
  for (const path of gone) {
    if (!owned.hasDescendant(path)) removeFieldPath(obj, path);
  }
}

/**
 * Server-side apply: merges `applied` into `live` (undefined to create), makes `manager` the
 * owner of exactly the fields `applied` sets, removes fields it owned before and no longer
 * applies (unless someone else owns them), and reports, as FieldManagerConflict causes, the
 * fields whose value it changes that another manager owns, unless `force` moves them over.
 */
export function applyServerSideApply(live: JsonObject | undefined, applied: unknown, options: ServerSideApplyOptions): ServerSideApplyResult {
  if (!isObject(applied)) throw new BadRequestError(`apply configuration must be an object, got ${JSON.stringify(applied)}`);
  const { registry, subresource } = options;
  const node = rootNode(registry, options.typeName);
  const keep = (path: FieldPath): boolean => isTracked(path, subresource);
  const managers = decodeManagedFields(live);
  const liveBare = withoutManagedFields(live);
  const config = appliedPart(applied, subresource);

  const me: Omit<FieldManager, 'fields'> = { manager: options.manager, operation: 'Apply', apiVersion: options.apiVersion, ...(subresource ? { subresource } : {}) };
  const previous = managers.find((m) => sameManager(m, me))?.fields ?? new FieldSet();
  const others = managers.filter((m) => !sameManager(m, me));
  const mine: FieldManager = { ...me, time: formatTime(options.now), fields: fieldSetOf(config, registry, node, keep) };

  const merged = mergeApplied(liveBare, config, registry, node) as JsonObject;
  const owned = others.reduce((acc, m) => acc.union(m.fields), mine.fields);
  prune(merged, previous, owned);

  const change = compareFields(liveBare, merged, registry, node, keep);
  const changed = change.added.union(change.modified);
  const conflicts: StatusCause[] = [];
  const taken = new Map<FieldManager, FieldSet>();
  for (const other of [...others].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0))) {
    const clash = other.fields.intersection(changed);
    if (clash.isEmpty()) continue;
    taken.set(other, clash);
    for (const path of clash.paths()) {
      conflicts.push({ type: 'FieldManagerConflict', message: describeManager(other), field: fieldPathString(path) });
    }
  }
  if (conflicts.length > 0 && !options.force) return { object: clone(live ?? {}), conflicts };

  const next: FieldManager[] = others.map((m) => ({ ...m, fields: m.fields.difference(taken.get(m) ?? new FieldSet()).difference(change.removed) }));
  next.push(mine);
  return { object: putManagedFields(merged, next), conflicts: [] };
}
