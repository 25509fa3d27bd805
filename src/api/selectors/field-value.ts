/**
 * The value a field selector compares for one field of an object: the field's dotted path, except
 * for the few labels upstream maps elsewhere, with upstream's defaults for absent booleans and
 * counts. Anything else absent is the empty string; booleans and numbers compare as text.
 */

interface FieldSource {
  path: string;
  /** Value when the field is absent (upstream prints the zero value of a non-pointer field). */
  absent?: string;
  /** Fallback path when `path` is absent. */
  fallback?: string;
}

const SOURCES: Record<string, FieldSource> = {
  'spec.hostNetwork': { path: 'spec.hostNetwork', absent: 'false' },
  'spec.unschedulable': { path: 'spec.unschedulable', absent: 'false' },
  'status.podIP': { path: 'status.podIP', fallback: 'status.podIPs.0.ip' },
  'status.successful': { path: 'status.succeeded', absent: '0' },
  'status.replicas': { path: 'status.replicas', absent: '0' },
  source: { path: 'source.component' },
  reportingComponent: { path: 'reportingComponent', fallback: 'reportingController' },
};

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The field's value as the string a selector compares against. */
export function fieldValue(obj: unknown, field: string): string {
  const source = SOURCES[field];
  if (!source) return text(at(obj, field)) ?? '';
  const direct = text(at(obj, source.path));
  if (direct !== undefined && direct !== '') return direct;
  if (source.fallback) {
    const alt = text(at(obj, source.fallback));
    if (alt !== undefined && alt !== '') return alt;
  }
  return direct ?? source.absent ?? '';
}
