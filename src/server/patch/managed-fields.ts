import { FieldSet } from './field-set.js';
import { clone, isObject, type JsonObject } from './json.js';

/** One `metadata.managedFields` entry, as the API shows it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** A decoded entry: who owns which fields. */
export interface FieldManager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function formatTime(now: Date | string): string {
  // Writes pass the same string (nowTime's) many times in a row: the last answer is kept.
  if (typeof now === 'string' && now === lastInput) return lastOutput;
  const out = formatTimeOnce(now);
  if (typeof now === 'string') {
    lastInput = now;
    lastOutput = out;
  }
  return out;
}

let lastInput: string | undefined;
let lastOutput = '';

function formatTimeOnce(now: Date | string): string {
  const d = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(d.getTime())) return String(now);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Whether two entries are the same owner: Apply entries are one per manager (and
 * subresource); Update entries one per manager, API version and subresource.
 */
export function sameManager(a: Omit<FieldManager, 'fields'>, b: Omit<FieldManager, 'fields'>): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** Decodes `metadata.managedFields`; malformed entries are dropped. */
export function decodeManagedFields(obj: unknown): FieldManager[] {
  const metadata = isObject(obj) ? obj.metadata : undefined;
  const list = isObject(metadata) ? metadata.managedFields : undefined;
  if (!Array.isArray(list)) return [];
  const out: FieldManager[] = [];
  for (const e of list) {
    if (!isObject(e) || typeof e.manager !== 'string' || (e.operation !== 'Apply' && e.operation !== 'Update')) continue;
    out.push({
      manager: e.manager,
      operation: e.operation,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      ...(typeof e.time === 'string' ? { time: e.time } : {}),
      ...(typeof e.subresource === 'string' && e.subresource ? { subresource: e.subresource } : {}),
      fields: FieldSet.fromFieldsV1(e.fieldsV1),
    });
  }
  return out;
}

/** Encodes entries in upstream's order: Apply before Update, then by time, manager, version. */
export function encodeManagedFields(managers: readonly FieldManager[]): ManagedFieldsEntry[] {
  const sorted = managers
    .filter((m) => !m.fields.isEmpty())
    .sort(
      (p, q) =>
        p.operation.localeCompare(q.operation) ||
        (p.time ?? '').localeCompare(q.time ?? '') ||
        (p.manager < q.manager ? -1 : p.manager > q.manager ? 1 : 0) ||
        p.apiVersion.localeCompare(q.apiVersion) ||
        (p.subresource ?? '').localeCompare(q.subresource ?? ''),
    );
  return sorted.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time !== undefined ? { time: m.time } : {}),
    fieldsType: 'FieldsV1' as const,
    fieldsV1: m.fields.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

/** A copy of `obj` without `metadata.managedFields`. */
export function withoutManagedFields(obj: unknown): JsonObject {
  const out: JsonObject = isObject(obj) ? clone(obj) : {};
  if (isObject(out.metadata)) delete out.metadata.managedFields;
  return out;
}

/** Sets (or, when none is left, removes) `metadata.managedFields` on `obj` in place. */
export function putManagedFields(obj: JsonObject, managers: readonly FieldManager[]): JsonObject {
  const entries = encodeManagedFields(managers);
  const metadata: JsonObject = isObject(obj.metadata) ? obj.metadata : {};
  if (entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  if (entries.length > 0 || isObject(obj.metadata)) obj.metadata = metadata;
  return obj;
}

/** `conflict with "kubectl-client-side-apply" using apps/v1`, as upstream names an owner. */
export function describeManager(m: Omit<FieldManager, 'fields'>): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return `conflict with ${s}`;
}
