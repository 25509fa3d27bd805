import { omitZeroCounts, DEPLOYMENT_COUNTS } from './pod-utils.js';
import { AlreadyExistsError, NotFoundError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone, nowTime } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import { createEventRecorder } from './event-recorder.js';
import type { ServerConfig } from '../server-config.js';
import { keyOf, splitKey, type ControllerSpec } from './controller.js';
import { cleanupOldReplicaSets, isScalingEvent, newReplicaSetSize, reconcileNewReplicaSet, reconcileOldReplicaSets, scaleDeployment, scaleReplicaSet, type RolloutContext } from './deployment-rollout.js';
import { calculateStatus, hasProgressDeadline, pausedConditions, rolloutStatus } from './deployment-status.js';
import { byCreation, equalIgnoreHash, HASH_LABEL, podTemplateHash, REVISION, replicaSetAnnotations, replicasAnnotations, revisionOf, setCondition } from './deployment-util.js';
import { controllerRefOf, isPodActive, ownerReferenceTo } from './pod-utils.js';
import { selectorOf } from './replicaset-controller.js';

const D_PREFIX = '/registry/apps/deployments/';
const RS_PREFIX = '/registry/apps/replicasets/';
const POD_PREFIX = '/registry/core/pods/';

export interface DeploymentControllerOptions {
  now?: () => number;
}

/**
 * Deployment: one ReplicaSet per pod template (`<name>-<pod-template-hash>`), rolled by
 * RollingUpdate (maxSurge/maxUnavailable) or Recreate, with revisions, history cleanup,
 * pause, and the Available/Progressing conditions `kubectl rollout status` reads.
 */
export function deploymentController(client: InProcessClient, log: Logger, _config?: ServerConfig, options: DeploymentControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const ctx: RolloutContext = { client, recorder: createEventRecorder(client, { component: 'deployment-controller', now, listFallback: false }) };
  let enqueue: (key: string) => void = () => {};
  const timers = new Map<string, NodeJS.Timeout>();
  const requeueAfter = (key: string, ms: number) => {
    clearTimeout(timers.get(key));
    const t = setTimeout(() => {
      timers.delete(key);
      enqueue(key);
    }, ms);
    t.unref();
    timers.set(key, t);
  };

  const ownerOf = (obj: KubeObject, kind: string, prefix: string): KubeObject | undefined => {
    const ref = controllerRefOf(obj);
    if (ref?.kind !== kind) return undefined;
    const owner = client.api.cache.get(`${prefix}${obj.metadata.namespace}/${ref.name}`)?.obj;
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  };
  const onReplicaSet = (rs: KubeObject, prev?: KubeObject) => {
    const d = ownerOf(rs, 'Deployment', D_PREFIX);
    if (d) enqueue(keyOf(d));
    else if (!controllerRefOf(rs)) {
      for (const c of client.api.cache.list(`${D_PREFIX}${rs.metadata.namespace}/`)) if (selectorOf(c.obj.spec?.selector)?.matches(rs.metadata.labels ?? {})) enqueue(keyOf(c.obj));
    }
    const before = prev && ownerOf(prev, 'Deployment', D_PREFIX);
    if (before && before !== d) enqueue(keyOf(before));
  };

  /** Owned ReplicaSets that match, after adopting matching orphans and releasing the rest. */
  const claim = async (d: KubeObject): Promise<KubeObject[]> => {
    const selector = selectorOf(d.spec?.selector);
    const out: KubeObject[] = [];
    for (const { obj: rs } of client.api.cache.list(`${RS_PREFIX}${d.metadata.namespace}/`)) {
      const ref = controllerRefOf(rs);
      const matches = selector?.matches(rs.metadata.labels ?? {}) ?? false;
      if (ref && ref.uid !== d.metadata.uid) continue;
      if (ref && matches) out.push(rs);
      else if (d.metadata.deletionTimestamp || rs.metadata.deletionTimestamp) continue;
      else if (ref) {
        const refs = (rs.metadata.ownerReferences ?? []).filter((o: KubeObject) => o.uid !== d.metadata.uid);
        await ignoreNotFound(client.patch('replicasets', rs.metadata.namespace, rs.metadata.name, 'merge', { metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: rs.metadata.resourceVersion } }));
      } else if (matches) {
        const refs = [...(rs.metadata.ownerReferences ?? []), ownerReferenceTo(d, 'apps/v1', 'Deployment')];
        const adopted = await ignoreNotFound(client.patch('replicasets', rs.metadata.namespace, rs.metadata.name, 'merge', { metadata: { ownerReferences: refs, resourceVersion: rs.metadata.resourceVersion } }));
        if (adopted) out.push(adopted);
      }
    }
    return out;
  };

  /** The new ReplicaSet (found, its revision synced, or created) and the old ones. */
  const newAndOld = async (d: KubeObject, sets: KubeObject[], work: KubeObject, create: boolean): Promise<[KubeObject | undefined, KubeObject[]]> => {
    const sorted = [...sets].sort(byCreation);
    let newRS = sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    const olds = sorted.filter((rs) => rs !== newRS);
    const revision = Math.max(0, ...olds.map(revisionOf)) + 1;
    const stamp = nowTime(now());
    if (newRS) {
      const annotations = replicaSetAnnotations(d, newRS.metadata.annotations, revision);
      if (!jsonEqual(annotations, newRS.metadata.annotations ?? {}) || (newRS.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
        newRS = await client.patch('replicasets', newRS.metadata.namespace, newRS.metadata.name, 'merge', { metadata: { annotations }, spec: { minReadySeconds: d.spec.minReadySeconds ?? 0 } });
      }
      if (hasProgressDeadline(d) && !work.conditions.some((c: KubeObject) => c.type === 'Progressing')) {
        setCondition(work, 'Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS!.metadata.name}"`, stamp);
      }
    } else if (create) {
      newRS = await createReplicaSet(d, olds, revision, work);
      if (hasProgressDeadline(d)) setCondition(work, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newRS.metadata.name}"`, stamp);
    }
    const rev = newRS?.metadata.annotations?.[REVISION];
    if (rev && d.metadata.annotations?.[REVISION] !== rev) {
      await client.patch('deployments', d.metadata.namespace, d.metadata.name, 'merge', { metadata: { annotations: { [REVISION]: rev } } });
    }
    return [newRS, olds];
  };

  const createReplicaSet = async (d: KubeObject, olds: KubeObject[], revision: number, work: KubeObject): Promise<KubeObject> => {
    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
    const template = clone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = clone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: { ...replicaSetAnnotations(d, {}, revision), ...replicasAnnotations(d) },
        ownerReferences: [ownerReferenceTo(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    rs.spec.replicas = newReplicaSetSize(d, [...olds, rs], rs);
    try {
      const created = await client.create('replicasets', d.metadata.namespace, rs);
      if (rs.spec.replicas > 0) await ctx.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${rs.spec.replicas} from 0`);
      return created;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      const existing = client.get('replicasets', d.metadata.namespace, rs.metadata.name);
      if (controllerRefOf(existing)?.uid === d.metadata.uid && equalIgnoreHash(existing.spec?.template, d.spec.template)) return existing;
      // A hash collision: count it so the next attempt hashes differently.
      work.collisionCount = (d.status?.collisionCount ?? 0) + 1;
      const fresh = client.get('deployments', d.metadata.namespace, d.metadata.name);
      fresh.status = { ...(fresh.status ?? {}), collisionCount: work.collisionCount };
      await client.updateStatus('deployments', fresh);
      throw err;
    }
  };

  const owned = (d: KubeObject): KubeObject[] =>
    client.api.cache.list(`${RS_PREFIX}${d.metadata.namespace}/`).map((c) => c.obj).filter((rs) => controllerRefOf(rs)?.uid === d.metadata.uid);

  const oldPodsRunning = (d: KubeObject, newRS: KubeObject | undefined): boolean => {
    const oldUids = new Set(owned(d).filter((rs) => rs.metadata.uid !== newRS?.metadata.uid).map((rs) => rs.metadata.uid));
    return client.api.cache.list(`${POD_PREFIX}${d.metadata.namespace}/`).some((p) => oldUids.has(controllerRefOf(p.obj)?.uid) && (isPodActive(p.obj) || p.obj.metadata.deletionTimestamp));
  };

  /** Re-reads the ReplicaSets after this pass's writes and writes the status when it changed. */
  const finish = async (key: string, d: KubeObject, work: KubeObject, rollout: boolean) => {
    const current = owned(d);
    const newRS = current.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    let status = calculateStatus(d, current, newRS, work.conditions, nowTime(now()));
    if (work.collisionCount) status.collisionCount = work.collisionCount;
    if (rollout) {
      const result = rolloutStatus(d, status, newRS, now());
      status = result.status;
      if (result.recheckMs !== undefined) requeueAfter(key, result.recheckMs);
    }
    const stored = omitZeroCounts(status, DEPLOYMENT_COUNTS);
    if (jsonEqual(stored, d.status ?? {})) return;
    const fresh = client.tryGet('deployments', d.metadata.namespace, d.metadata.name);
    if (!fresh || fresh.metadata.uid !== d.metadata.uid) return;
    fresh.status = stored;
    await client.updateStatus('deployments', fresh);
  };

  return {
    name: 'deployment',
    workers: 2,
    watch(add) {
      enqueue = add;
      for (const c of client.api.cache.list(D_PREFIX)) add(keyOf(c.obj));
      const stop = client.api.cache.subscribe((e) => {
        if (e.key.startsWith(D_PREFIX)) add(keyOf(e.obj));
        else if (e.key.startsWith(RS_PREFIX)) onReplicaSet(e.obj, e.prev);
        else if (e.key.startsWith(POD_PREFIX) && (e.type === 'DELETED' || !isPodActive(e.obj))) {
          const rs = ownerOf(e.obj, 'ReplicaSet', RS_PREFIX);
          const d = rs && ownerOf(rs, 'Deployment', D_PREFIX);
          if (d?.spec?.strategy?.type === 'Recreate') add(keyOf(d));
        }
      });
      return () => {
        stop();
        for (const t of timers.values()) clearTimeout(t);
      };
    },
    async reconcile(key) {
      const [namespace, name] = splitKey(key);
      const d = client.api.cache.get(`${D_PREFIX}${namespace}/${name}`)?.obj;
      if (!d) return;
      const work: KubeObject = { conditions: clone(d.status?.conditions ?? []) };
      const sets = await claim(d);
      if (d.metadata.deletionTimestamp || selectorOf(d.spec?.selector)?.empty !== false) return finish(key, d, work, false);
      work.conditions = pausedConditions(d, work.conditions, nowTime(now()));
      if (d.spec?.paused || isScalingEvent(d, sets)) {
        const [newRS, olds] = await newAndOld(d, sets, work, false);
        await scaleDeployment(ctx, d, newRS, olds);
        if (d.spec?.paused) await cleanupOldReplicaSets(ctx, d, olds);
        return finish(key, d, work, false);
      }
      if (d.spec?.strategy?.type === 'Recreate') {
        let [newRS, olds] = await newAndOld(d, sets, work, false);
        const active = olds.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
        if (active.length > 0) {
          for (const rs of active) await scaleReplicaSet(ctx, d, rs, 0);
          return finish(key, d, work, true);
        }
        if (oldPodsRunning(d, newRS)) return finish(key, d, work, true);
        if (!newRS) [newRS, olds] = await newAndOld(d, sets, work, true);
        await scaleReplicaSet(ctx, d, newRS!, d.spec.replicas ?? 1);
        await cleanupIfComplete(d, olds);
        return finish(key, d, work, true);
      }
      const [newRS, olds] = await newAndOld(d, sets, work, true);
      const all = [...olds, newRS!];
      if (await reconcileNewReplicaSet(ctx, d, all, newRS!)) return finish(key, d, work, true);
      if (await reconcileOldReplicaSets(ctx, d, all, olds.filter((rs) => (rs.spec?.replicas ?? 0) > 0), newRS!)) return finish(key, d, work, true);
      await cleanupIfComplete(d, olds);
      log.debug('deployment synced', { key });
      return finish(key, d, work, true);
    },
  };

  async function cleanupIfComplete(d: KubeObject, olds: KubeObject[]): Promise<void> {
    const replicas = d.spec?.replicas ?? 1;
    const current = owned(d);
    const newRS = current.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    const complete = newRS?.status?.replicas === replicas && newRS?.status?.availableReplicas === replicas && current.every((rs) => rs === newRS || !(rs.status?.replicas ?? 0));
    if (complete) await cleanupOldReplicaSets(ctx, d, olds.map((o) => current.find((c) => c.metadata.uid === o.metadata.uid) ?? o));
  }
}

async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
