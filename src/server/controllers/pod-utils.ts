import type { KubeObject } from '../rest/object-api.js';

/** The controller ownerReference, if any. */
export function controllerRefOf(obj: KubeObject): KubeObject | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((o: KubeObject) => o.controller === true);
}

/** A controller ownerReference to `owner` that blocks its foreground deletion. */
export function ownerReferenceTo(owner: KubeObject, apiVersion: string, kind: string): KubeObject {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** Not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

function readyCondition(pod: KubeObject): KubeObject | undefined {
  return (pod.status?.conditions ?? []).find((c: KubeObject) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least `minReadySeconds` (by the Ready condition's lastTransitionTime). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isNaN(since) || since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available, or undefined when it already is (or is not ready). */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: number): number | undefined {
  if (!minReadySeconds || !isPodReady(pod)) return undefined;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return undefined;
  const left = since + minReadySeconds * 1000 - now;
  return left > 0 ? left : undefined;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Deletion order (upstream's ActivePods): unscheduled before scheduled, Pending before
 * Running, not ready before ready, ready for less time first, more restarts first, newer first.
 * Negative when `a` should go before `b`.
 */
export function compareForDeletion(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: KubeObject) => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (ready(a)) {
    const since = (p: KubeObject) => Date.parse(readyCondition(p)?.lastTransitionTime ?? '') || 0;
    if (since(a) !== since(b)) return since(b) - since(a);
  }
  const restarts = (p: KubeObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: KubeObject) => s.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: KubeObject) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}

/** Deployment status counters upstream omits when zero (omitempty). */
export const DEPLOYMENT_COUNTS = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'observedGeneration', 'collisionCount'] as const;
/** ReplicaSet status counters upstream omits when zero (`replicas` is always written). */
export const REPLICASET_COUNTS = ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;

/** A copy of a status without the listed counters that are zero, as a Go server writes it. */
export function omitZeroCounts<T extends Record<string, unknown>>(status: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...status };
  for (const f of fields) if (out[f] === 0) delete out[f];
  return out as T;
}
