import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import type { EventRecorder } from './event-recorder.js';
import { byCreation, DESIRED_REPLICAS, MAX_REPLICAS, replicasAnnotations, revisionOf, surgeAndUnavailable } from './deployment-util.js';

export interface RolloutContext {
  client: InProcessClient;
  recorder: EventRecorder;
}

const specReplicas = (rs: KubeObject | undefined): number => rs?.spec?.replicas ?? 0;
const available = (rs: KubeObject | undefined): number => rs?.status?.availableReplicas ?? 0;
export const sumSpec = (list: KubeObject[]): number => list.reduce((n, rs) => n + specReplicas(rs), 0);
export const sumAvailable = (list: KubeObject[]): number => list.reduce((n, rs) => n + available(rs), 0);

/** Sets replicas and the desired/max annotations; a size change is a ScalingReplicaSet event. */
export async function scaleReplicaSet(ctx: RolloutContext, d: KubeObject, rs: KubeObject, size: number): Promise<KubeObject> {
  const wanted = replicasAnnotations(d);
  const old = specReplicas(rs);
  const annotations = rs.metadata.annotations ?? {};
  if (old === size && annotations[DESIRED_REPLICAS] === wanted[DESIRED_REPLICAS] && annotations[MAX_REPLICAS] === wanted[MAX_REPLICAS]) return rs;
  const updated = await ctx.client.patch('replicasets', rs.metadata.namespace, rs.metadata.name, 'merge', {
    metadata: { annotations: wanted, resourceVersion: rs.metadata.resourceVersion },
    spec: { replicas: size },
  });
  if (old !== size) {
    await ctx.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${size > old ? 'up' : 'down'} replica set ${rs.metadata.name} to ${size} from ${old}`);
  }
  return updated;
}

/** How big the new ReplicaSet may be now (upstream's NewRSNewReplicas). */
export function newReplicaSetSize(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): number {
  const replicas: number = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate') return replicas;
  const [surge] = surgeAndUnavailable(d);
  const current = sumSpec(all);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, replicas - specReplicas(newRS));
}

/** Grows (within maxSurge) or shrinks the new ReplicaSet toward `spec.replicas`; true when it wrote. */
export async function reconcileNewReplicaSet(ctx: RolloutContext, d: KubeObject, all: KubeObject[], newRS: KubeObject): Promise<boolean> {
  const replicas: number = d.spec?.replicas ?? 1;
  if (specReplicas(newRS) === replicas) return false;
  const size = specReplicas(newRS) > replicas ? replicas : newReplicaSetSize(d, all, newRS);
  if (size === specReplicas(newRS)) return false;
  await scaleReplicaSet(ctx, d, newRS, size);
  return true;
}

/** Scales old ReplicaSets down as far as maxUnavailable allows: unhealthy replicas first. */
export async function reconcileOldReplicaSets(ctx: RolloutContext, d: KubeObject, all: KubeObject[], olds: KubeObject[], newRS: KubeObject): Promise<boolean> {
  if (sumSpec(olds) === 0) return false;
  const replicas: number = d.spec?.replicas ?? 1;
  const minAvailable = replicas - surgeAndUnavailable(d)[1];
  const newUnavailable = specReplicas(newRS) - available(newRS);
  const maxScaledDown = sumSpec(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const sorted = [...olds].sort(byCreation);
  let cleaned = 0;
  for (let i = 0; i < sorted.length && cleaned < maxScaledDown; i++) {
    const rs = sorted[i];
    const unhealthy = specReplicas(rs) - available(rs);
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    sorted[i] = await scaleReplicaSet(ctx, d, rs, specReplicas(rs) - n);
    cleaned += n;
  }
  const availableNow = sumAvailable([...sorted, newRS]);
  let scaled = 0;
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    for (const rs of sorted) {
      if (scaled >= total) break;
      if (specReplicas(rs) === 0) continue;
      const n = Math.min(specReplicas(rs), total - scaled);
      await scaleReplicaSet(ctx, d, rs, specReplicas(rs) - n);
      scaled += n;
    }
  }
  return cleaned + scaled > 0;
}

/** Any ReplicaSet annotated for another size than `spec.replicas`: the deployment was scaled. */
export function isScalingEvent(d: KubeObject, all: KubeObject[]): boolean {
  return all.some((rs) => specReplicas(rs) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS] !== String(d.spec?.replicas ?? 1));
}

/** Scaling while paused or mid-rollout: one active set takes it all, else proportionally (upstream's `scale`). */
export async function scaleDeployment(ctx: RolloutContext, d: KubeObject, newRS: KubeObject | undefined, olds: KubeObject[]): Promise<void> {
  const replicas: number = d.spec?.replicas ?? 1;
  const active = [...olds, ...(newRS ? [newRS] : [])].filter((rs) => specReplicas(rs) > 0);
  const activeOrLatest = active.length === 1 ? active[0] : active.length === 0 ? newRS ?? [...olds].sort(byCreation).at(-1) : undefined;
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== replicas) await scaleReplicaSet(ctx, d, activeOrLatest, replicas);
    return;
  }
  if (newRS && specReplicas(newRS) === replicas && available(newRS) === replicas) {
    for (const rs of olds) if (specReplicas(rs) > 0) await scaleReplicaSet(ctx, d, rs, 0);
    return;
  }
  if (d.spec?.strategy?.type === 'Recreate') return;
  const [surge] = surgeAndUnavailable(d);
  const allowed = replicas > 0 ? replicas + surge : 0;
  const toAdd = allowed - sumSpec(active);
  if (toAdd === 0) return;
  const newer = (a: KubeObject, b: KubeObject) => specReplicas(b) - specReplicas(a) || -byCreation(a, b);
  const older = (a: KubeObject, b: KubeObject) => specReplicas(b) - specReplicas(a) || byCreation(a, b);
  active.sort(toAdd > 0 ? newer : older);
  const sizes = new Map<KubeObject, number>();
  let added = 0;
  for (const rs of active) {
    let part = 0;
    if (added !== toAdd) {
      const annotated = Number.parseInt(rs.metadata.annotations?.[MAX_REPLICAS] ?? '', 10) || d.status?.replicas || 1;
      const fraction = replicas === 0 ? -specReplicas(rs) : Math.round((specReplicas(rs) * (replicas + surge)) / annotated) - specReplicas(rs);
      part = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
    }
    sizes.set(rs, specReplicas(rs) + part);
    added += part;
  }
  sizes.set(active[0], Math.max(0, sizes.get(active[0])! + toAdd - added));
  for (const rs of active) await scaleReplicaSet(ctx, d, rs, sizes.get(rs)!);
}

/** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupOldReplicaSets(ctx: RolloutContext, d: KubeObject, olds: KubeObject[]): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const alive = olds.filter((rs) => !rs.metadata.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const diff = alive.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = alive[i];
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    await ctx.client.deleteIfPresent('replicasets', rs.metadata.namespace, rs.metadata.name, { preconditions: { uid: rs.metadata.uid } });
  }
}
