import type { KubeObject } from '../rest/object-api.js';
import { clone } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';

/** Deployment annotations not copied to its ReplicaSets. */
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A field set to null is the same as an absent one, as for upstream's typed objects: `kubectl
 * rollout undo` sends the ReplicaSet's template with `metadata.creationTimestamp: null`.
 */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a (32 bit) of the template's canonical JSON and the collision count, encoded as upstream's SafeEncodeString. */
export function podTemplateHash(template: KubeObject, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const text = stableJson(template) + (collisionCount ? String(collisionCount) : '');
  for (const byte of Buffer.from(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** Templates equal but for the `pod-template-hash` label (and null fields, which equal absent ones). */
export function equalIgnoreHash(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  const strip = (t: KubeObject | undefined) => {
    const c = withoutNulls(clone(t ?? {}));
    if (c.metadata?.labels) {
      delete c.metadata.labels[HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    if (c.metadata && Object.keys(c.metadata).length === 0) delete c.metadata;
    return c;
  };
  return jsonEqual(strip(a), strip(b));
}

/** Drops null-valued object fields, at every depth (in place). */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(withoutNulls);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) delete (value as Record<string, unknown>)[k];
      else withoutNulls(v);
    }
  }
  return value;
}

/** An int or a percentage of `total`, rounded up or down. */
export function intOrPercent(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number.parseInt(value, 10) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both 0 would stall, so unavailable becomes 1. */
export function surgeAndUnavailable(d: KubeObject): [number, number] {
  if (d.spec?.strategy?.type === 'Recreate') return [0, 0];
  const replicas: number = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = intOrPercent(ru.maxSurge ?? '25%', replicas, true);
  const unavailable = intOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) return [0, 1];
  return [surge, Math.min(unavailable, replicas)];
}

export function revisionOf(rs: KubeObject): number {
  return Number.parseInt(rs.metadata?.annotations?.[REVISION] ?? '0', 10) || 0;
}

/** Oldest first, then by name (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** Annotations a ReplicaSet gets from its Deployment, plus the revision ones. */
export function replicaSetAnnotations(d: KubeObject, existing: Record<string, string> | undefined, revision: number): Record<string, string> {
  const out: Record<string, string> = { ...(existing ?? {}) };
  for (const [k, v] of Object.entries<string>(d.metadata?.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  const old = Number.parseInt(out[REVISION] ?? '0', 10) || 0;
  if (old < revision) {
    if (old > 0) out[REVISION_HISTORY] = out[REVISION_HISTORY] ? `${out[REVISION_HISTORY]},${old}` : String(old);
    out[REVISION] = String(revision);
  }
  return out;
}

export function replicasAnnotations(d: KubeObject): Record<string, string> {
  const replicas: number = d.spec?.replicas ?? 1;
  return { [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + surgeAndUnavailable(d)[0]) };
}

export function conditionOf(status: KubeObject | undefined, type: string): KubeObject | undefined {
  return (status?.conditions ?? []).find((c: KubeObject) => c.type === type);
}

/** Sets a condition; the transition time moves only when the status does. */
export function setCondition(status: KubeObject, type: string, value: string, reason: string, message: string, now: string): void {
  const conditions: KubeObject[] = status.conditions ?? [];
  const old = conditions.find((c) => c.type === type);
  if (old && old.status === value && old.reason === reason) return;
  const next = { type, status: value, lastUpdateTime: now, lastTransitionTime: old && old.status === value ? old.lastTransitionTime : now, reason, message };
  status.conditions = [...conditions.filter((c) => c !== old), next];
}
