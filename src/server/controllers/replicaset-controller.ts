import { omitZeroCounts, REPLICASET_COUNTS } from './pod-utils.js';
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.js';
import { AlreadyExistsError, NotFoundError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone, randomSuffix } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import { createEventRecorder } from './event-recorder.js';
import type { ServerConfig } from '../server-config.js';
import { keyOf, splitKey, type ControllerSpec } from './controller.js';
import { compareForDeletion, controllerRefOf, isPodActive, isPodAvailable, isPodReady, msUntilAvailable, ownerReferenceTo } from './pod-utils.js';
import { Expectations } from './replicaset-expectations.js';

const RS_PREFIX = '/registry/apps/replicasets/';
const POD_PREFIX = '/registry/core/pods/';
/** Most pods created or deleted in one reconcile (upstream's burstReplicas). */
const BURST = 500;

export interface ReplicaSetControllerOptions {
  now?: () => number;
}

export interface ReplicaSetControllerSpec extends ControllerSpec {
  readonly expectations: Expectations;
}

/** A selector matcher; a malformed selector matches nothing. */
export function selectorOf(sel: KubeObject | undefined): LabelSelector | undefined {
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return undefined;
  }
}

/**
 * ReplicaSet: keeps `spec.replicas` active pods labelled from the template, adopting matching
 * orphans and releasing pods that no longer match; expectations stop it from acting twice
 * while its own creates and deletes are in flight.
 */
export function replicaSetController(client: InProcessClient, log: Logger, _config?: ServerConfig, options: ReplicaSetControllerOptions = {}): ReplicaSetControllerSpec {
  const now = options.now ?? Date.now;
  const expectations = new Expectations(now);
  // Its events name a new pod each time: no list fallback (it would scan every Event of the namespace).
  const recorder = createEventRecorder(client, { component: 'replicaset-controller', now, listFallback: false });
  let enqueue: (key: string) => void = () => {};
  const timers = new Map<string, NodeJS.Timeout>();

  const ownerKey = (pod: KubeObject): string | undefined => {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    const rs = client.api.cache.get(`${RS_PREFIX}${pod.metadata.namespace}/${ref.name}`)?.obj;
    return rs && rs.metadata.uid === ref.uid ? keyOf(rs) : undefined;
  };
  const matchingSets = (pod: KubeObject): string[] =>
    client.api.cache
      .list(`${RS_PREFIX}${pod.metadata.namespace}/`)
      .filter((r) => selectorOf(r.obj.spec?.selector)?.matches(pod.metadata.labels ?? {}))
      .map((r) => keyOf(r.obj));

  const onPod = (type: string, pod: KubeObject, prev: KubeObject | undefined, podKey: string) => {
    const owner = ownerKey(pod);
    if (type === 'ADDED' && owner) expectations.creationObserved(owner);
    if (owner && (type === 'DELETED' || (pod.metadata.deletionTimestamp && !prev?.metadata?.deletionTimestamp))) expectations.deletionObserved(owner, podKey);
    if (owner) enqueue(owner);
    else if (!controllerRefOf(pod) && type !== 'DELETED') for (const k of matchingSets(pod)) enqueue(k);
    const prevOwner = prev && ownerKey(prev);
    if (prevOwner && prevOwner !== owner) enqueue(prevOwner);
  };

  const createPods = async (rs: KubeObject, key: string, count: number) => {
    expectations.expectCreations(key, count);
    const template = rs.spec.template ?? {};
    let created = 0;
    let failure: unknown;
    // Slow start: batches of 1, 2, 4, ... so a failing create costs little.
    for (let batch = 1; created < count && !failure; batch *= 2) {
      const size = Math.min(batch, count - created);
      const results = await Promise.allSettled(Array.from({ length: size }, () => createPod(rs, template)));
      for (const r of results) {
        if (r.status === 'fulfilled') {
          created++;
          await recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
        } else failure ??= r.reason;
      }
    }
    for (let i = created; i < count; i++) expectations.creationObserved(key);
    if (failure) {
      await recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${(failure as Error).message}`);
      throw failure;
    }
  };

  const createPod = async (rs: KubeObject, template: KubeObject): Promise<KubeObject> => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${randomSuffix()}`,
        namespace: rs.metadata.namespace,
        labels: clone(template.metadata?.labels ?? {}),
        ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
        ownerReferences: [ownerReferenceTo(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: clone(template.spec ?? {}),
    };
    try {
      return await client.create('pods', rs.metadata.namespace, pod);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      pod.metadata.name = `${rs.metadata.name}-${randomSuffix()}`;
      return client.create('pods', rs.metadata.namespace, pod);
    }
  };

  const deletePods = async (rs: KubeObject, key: string, victims: KubeObject[]) => {
    expectations.expectDeletions(key, victims.map((p) => `${POD_PREFIX}${p.metadata.namespace}/${p.metadata.name}`));
    await Promise.all(
      victims.map(async (p) => {
        try {
          await client.delete('pods', p.metadata.namespace, p.metadata.name, { preconditions: { uid: p.metadata.uid } });
          await recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          expectations.deletionObserved(key, `${POD_PREFIX}${p.metadata.namespace}/${p.metadata.name}`);
          if (!(err instanceof NotFoundError)) throw err;
        }
      }),
    );
  };

  /** Owned pods that still match, after adopting matching orphans and releasing the rest. */
  const claimPods = async (rs: KubeObject, selector: LabelSelector | undefined): Promise<KubeObject[]> => {
    const claimed: KubeObject[] = [];
    for (const { obj: pod } of client.api.cache.list(`${POD_PREFIX}${rs.metadata.namespace}/`)) {
      const ref = controllerRefOf(pod);
      const matches = selector?.matches(pod.metadata.labels ?? {}) ?? false;
      if (ref) {
        if (ref.uid !== rs.metadata.uid) continue;
        if (matches) claimed.push(pod);
        else if (!rs.metadata.deletionTimestamp) await release(pod, rs);
      } else if (matches && !rs.metadata.deletionTimestamp && !pod.metadata.deletionTimestamp) {
        const refs = [...(pod.metadata.ownerReferences ?? []), ownerReferenceTo(rs, 'apps/v1', 'ReplicaSet')];
        try {
          claimed.push(await client.patch('pods', pod.metadata.namespace, pod.metadata.name, 'merge', { metadata: { ownerReferences: refs, resourceVersion: pod.metadata.resourceVersion } }));
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
      }
    }
    return claimed;
  };

  const release = async (pod: KubeObject, rs: KubeObject) => {
    const refs = (pod.metadata.ownerReferences ?? []).filter((o: KubeObject) => o.uid !== rs.metadata.uid);
    try {
      await client.patch('pods', pod.metadata.namespace, pod.metadata.name, 'merge', { metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: pod.metadata.resourceVersion } });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  };

  return {
    name: 'replicaset',
    expectations,
    workers: 2,
    watch(add) {
      enqueue = add;
      for (const r of client.api.cache.list(RS_PREFIX)) add(keyOf(r.obj));
      const stop = client.api.cache.subscribe((e) => {
        if (e.key.startsWith(RS_PREFIX)) add(keyOf(e.obj));
        else if (e.key.startsWith(POD_PREFIX)) onPod(e.type, e.obj, e.prev, e.key);
      });
      return () => {
        stop();
        for (const t of timers.values()) clearTimeout(t);
      };
    },
    async reconcile(key) {
      const [namespace, name] = splitKey(key);
      const rs = client.api.cache.get(`${RS_PREFIX}${namespace}/${name}`)?.obj;
      if (!rs) {
        expectations.delete(key);
        return;
      }
      const selector = selectorOf(rs.spec?.selector);
      const active = (await claimPods(rs, selector)).filter(isPodActive);
      const replicas: number = rs.spec?.replicas ?? 1;
      if (expectations.satisfied(key) && !rs.metadata.deletionTimestamp) {
        const diff = active.length - replicas;
        if (diff < 0) await createPods(rs, key, Math.min(-diff, BURST));
        else if (diff > 0) await deletePods(rs, key, [...active].sort(compareForDeletion).slice(0, Math.min(diff, BURST)));
      }
      await writeStatus(client, rs, now(), (ms) => {
        if (timers.has(key)) return;
        const t = setTimeout(() => {
          timers.delete(key);
          enqueue(key);
        }, ms);
        t.unref();
        timers.set(key, t);
      });
      log.debug('replicaset synced', { key, active: active.length, replicas });
    },
  };
}

/** Status from the current pods (re-read after this reconcile's writes), written only when it changed. */
async function writeStatus(client: InProcessClient, rs: KubeObject, now: number, requeueAfter: (ms: number) => void): Promise<void> {
  const selector = selectorOf(rs.spec?.selector);
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady: number = rs.spec?.minReadySeconds ?? 0;
  const pods = client.api.cache
    .list(`${POD_PREFIX}${rs.metadata.namespace}/`)
    .map((p) => p.obj)
    .filter((p) => controllerRefOf(p)?.uid === rs.metadata.uid && isPodActive(p) && selector?.matches(p.metadata.labels ?? {}));
  let soonest: number | undefined;
  for (const p of pods) {
    const ms = msUntilAvailable(p, minReady, now);
    if (ms !== undefined) soonest = Math.min(soonest ?? ms, ms);
  }
  if (soonest !== undefined) requeueAfter(soonest + 1);
  const status: KubeObject = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation,
    ...(rs.status?.conditions?.length ? { conditions: rs.status.conditions } : {}),
  };
  const stored = omitZeroCounts(status, REPLICASET_COUNTS);
  if (jsonEqual(stored, rs.status ?? {})) return;
  const fresh = client.tryGet('replicasets', rs.metadata.namespace, rs.metadata.name);
  if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return;
  fresh.status = stored;
  await client.updateStatus('replicasets', fresh);
}
