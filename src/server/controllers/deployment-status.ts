import type { KubeObject } from '../rest/object-api.js';
import { clone } from '../rest/object-meta.js';
import { conditionOf, setCondition, surgeAndUnavailable } from './deployment-util.js';

const sum = (list: KubeObject[], field: string): number => list.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);

/** Counts from the ReplicaSets and the Available condition (upstream's calculateStatus). */
export function calculateStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, conditions: KubeObject[] | undefined, now: string): KubeObject {
  const replicas: number = d.spec?.replicas ?? 1;
  const availableReplicas = sum(all, 'availableReplicas');
  const status: KubeObject = {
    observedGeneration: d.metadata.generation,
    replicas: sum(all, 'replicas'),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, 'readyReplicas'),
    availableReplicas,
    unavailableReplicas: Math.max(0, replicas - availableReplicas),
    ...(d.status?.collisionCount ? { collisionCount: d.status.collisionCount } : {}),
    conditions: clone(conditions ?? []),
  };
  if (availableReplicas >= replicas - surgeAndUnavailable(d)[1]) setCondition(status, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now);
  else setCondition(status, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now);
  return status;
}

export function hasProgressDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== 2147483647;
}

function complete(d: KubeObject, s: KubeObject): boolean {
  const replicas: number = d.spec?.replicas ?? 1;
  return s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas && s.observedGeneration >= d.metadata.generation;
}

function progressing(old: KubeObject, s: KubeObject): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = s.replicas - s.updatedReplicas;
  return s.updatedReplicas > (old.updatedReplicas ?? 0) || newOld < oldOld || s.readyReplicas > (old.readyReplicas ?? 0) || s.availableReplicas > (old.availableReplicas ?? 0);
}

/**
 * The Progressing condition after a rollout step (upstream's syncRolloutStatus). Returns the
 * status and, while the rollout is under way, when the deadline would pass (ms from now).
 */
export function rolloutStatus(d: KubeObject, status: KubeObject, newRS: KubeObject | undefined, nowMs: number): { status: KubeObject; recheckMs?: number } {
  const now = new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  if (!hasProgressDeadline(d)) {
    status.conditions = status.conditions.filter((c: KubeObject) => c.type !== 'Progressing');
    return { status };
  }
  const current = conditionOf(status, 'Progressing');
  const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  const done = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (!done) {
    if (complete(d, status)) {
      setCondition(status, 'Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`, now);
    } else if (progressing(d.status ?? {}, status)) {
      // Progress moves lastUpdateTime even with the same reason; the transition time stays.
      status.conditions = status.conditions.filter((c: KubeObject) => c !== current);
      status.conditions.push({ type: 'Progressing', status: 'True', lastUpdateTime: now, lastTransitionTime: current?.status === 'True' ? current.lastTransitionTime : now, reason: 'ReplicaSetUpdated', message: `${what} is progressing.` });
    } else if (timedOut(d, current, nowMs)) {
      setCondition(status, 'Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`, now);
    }
  }
  const cond = conditionOf(status, 'Progressing');
  if (cond && cond.status === 'True' && cond.reason !== 'NewReplicaSetAvailable') {
    const deadline = Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000;
    return { status, recheckMs: Math.max(0, deadline - nowMs) + 1000 };
  }
  return { status };
}

function timedOut(d: KubeObject, cond: KubeObject | undefined, nowMs: number): boolean {
  if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
  if (cond.reason === 'ProgressDeadlineExceeded') return true;
  return Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < nowMs;
}

/** Progressing Unknown while paused (DeploymentPaused) and once resumed (DeploymentResumed). */
export function pausedConditions(d: KubeObject, conditions: KubeObject[], now: string): KubeObject[] {
  if (!hasProgressDeadline(d)) return conditions;
  const holder = { conditions: clone(conditions) };
  const cond = conditionOf(holder, 'Progressing');
  if (d.spec?.paused && cond?.reason !== 'DeploymentPaused') setCondition(holder, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now);
  else if (!d.spec?.paused && cond?.reason === 'DeploymentPaused') setCondition(holder, 'Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now);
  return holder.conditions;
}
