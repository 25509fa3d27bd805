import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { DelayedEnqueue } from './cronjob-controller-timers.js';
import { controllerRef, isControlledBy, ownerKey, REVISION_HASH_LABEL, syncControllerRevisions } from './daemonset-controller-revision.js';
import { createEventRecorder } from './event-recorder.js';
import type { TimedControllerOptions } from './job-controller.js';

const STATEFULSETS = 'statefulsets.apps';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const readySince = (p: KubeObject): number | undefined => {
  const c = (p.status?.conditions ?? []).find((x: KubeObject) => x.type === 'Ready' && x.status === 'True');
  return c ? Date.parse(c.lastTransitionTime ?? 0) || 0 : undefined;
};
const runningAndReady = (p: KubeObject) => p.status?.phase === 'Running' && readySince(p) !== undefined && !p.metadata.deletionTimestamp;

/**
 * apps/v1 StatefulSets: pods `<sts>-0..N-1` with stable hostnames under `serviceName`,
 * created in order (OrderedReady: one at a time, each Running and Ready before the next) or
 * all at once (Parallel), removed highest ordinal first, and updated in reverse ordinal order
 * down to `partition`. volumeClaimTemplates are not acted on yet.
 */
export function statefulSetController(client: InProcessClient, _log: Logger, _config?: ServerConfig, options: TimedControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const events = createEventRecorder(client, { component: 'statefulset-controller', now });
  const timers = new DelayedEnqueue();

  const templateOf = (sts: KubeObject, revision: string): KubeObject => {
    const rev = client.tryGet('controllerrevisions.apps', sts.metadata.namespace, revision);
    const template = rev?.data?.spec?.template;
    if (!template) return clone(sts.spec.template);
    const { $patch: _ignored, ...rest } = clone(template);
    return rest;
  };

  const createPod = async (sts: KubeObject, ordinal: number, revision: string) => {
    const ns = sts.metadata.namespace;
    const name = `${sts.metadata.name}-${ordinal}`;
    const template = templateOf(sts, revision);
    const labels = { ...(template.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: revision };
    const spec = { ...template.spec, hostname: name };
    if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
    try {
      await client.create('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { ...template.metadata, labels, name, namespace: ns, ownerReferences: [controllerRef(sts)] }, spec });
      await events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
  };

  const deletePod = async (sts: KubeObject, pod: KubeObject) => {
    if (await client.deleteIfPresent('pods', pod.metadata.namespace, pod.metadata.name)) await events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
  };

  return {
    name: 'statefulset',
    watch(enqueue) {
      timers.bind(enqueue);
      const sets = client.watch(STATEFULSETS, undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      });
      const pods = client.watch('pods', undefined, {}, (e) => {
        const key = ownerKey(e.object, 'StatefulSet');
        if (key) enqueue(key);
      });
      return () => {
        sets.close();
        pods.close();
        timers.stop();
      };
    },
    resyncKeys: () => client.list(STATEFULSETS).map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
    resyncMs: 30_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const sts = client.tryGet(STATEFULSETS, ns, name);
      if (!sts || sts.metadata.deletionTimestamp) return;
      const t = now();
      const replicas: number = sts.spec.replicas ?? 1;
      const ordered = (sts.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
      const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.')}-(\\d+)$`);
      const pods = new Map<number, KubeObject>();
      for (const p of client.list('pods', ns)) {
        const m = pattern.exec(p.metadata.name);
        if (m && isControlledBy(p, sts)) pods.set(Number(m[1]), p);
      }
      const prefix = `${name}-`;
      const inUse = new Set([...pods.values()].map((p) => String(p.metadata.labels?.[REVISION_HASH_LABEL] ?? '').slice(prefix.length)));
      if (sts.status?.currentRevision) inUse.add(sts.status.currentRevision.slice(prefix.length));
      const updateRevision = `${prefix}${await syncControllerRevisions(client, sts, inUse)}`;
      const currentRevision: string = sts.status?.currentRevision ?? updateRevision;
      const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      const partition: number = rolling ? (sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : replicas;
      const revisionFor = (ordinal: number) => (ordinal >= partition ? updateRevision : currentRevision);

      await (async () => {
        // Scale up (and replace failed pods), lowest ordinal first.
        for (let i = 0; i < replicas; i++) {
          const pod = pods.get(i);
          if (pod?.status?.phase === 'Failed' && !pod.metadata.deletionTimestamp) {
            await deletePod(sts, pod);
            pods.set(i, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: 'now' } });
            if (ordered) return;
            continue;
          }
          if (!pod) {
            await createPod(sts, i, revisionFor(i));
            if (ordered) return;
            continue;
          }
          if (ordered && !runningAndReady(pod)) return;
        }
        // Scale down, highest ordinal first; OrderedReady waits for the rest to be healthy.
        const excess = [...pods.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
        for (const i of excess) {
          const pod = pods.get(i)!;
          if (ordered && ([...pods.values()].some((p) => p.metadata.deletionTimestamp) || [...pods.entries()].some(([j, p]) => j < i && !runningAndReady(p)))) return;
          if (!pod.metadata.deletionTimestamp) {
            await deletePod(sts, pod);
            pods.set(i, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: 'now' } });
          }
          if (ordered) return;
        }
        if (!rolling) return;
        // Rolling update: one pod at a time, highest ordinal first, once every pod is healthy.
        for (let i = replicas - 1; i >= partition; i--) {
          const pod = pods.get(i);
          if (!pod || pod.metadata.deletionTimestamp) return;
          if (pod.metadata.labels?.[REVISION_HASH_LABEL] === updateRevision) {
            if (!runningAndReady(pod)) return;
            continue;
          }
          if ([...pods.values()].some((p) => !runningAndReady(p))) return;
          await deletePod(sts, pod);
          return;
        }
      })();

      const live = client.list('pods', ns).filter((p) => isControlledBy(p, sts) && pattern.test(p.metadata.name));
      const minReady = (sts.spec.minReadySeconds ?? 0) * 1000;
      const available = live.filter((p) => runningAndReady(p) && readySince(p)! + minReady <= t);
      const waiting = live.filter((p) => runningAndReady(p) && readySince(p)! + minReady > t);
      if (waiting.length) timers.after(key, Math.min(...waiting.map((p) => readySince(p)! + minReady)) - t);
      const updated = live.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === updateRevision);
      const status: KubeObject = {
        ...(sts.status ?? {}),
        observedGeneration: sts.metadata.generation,
        replicas: live.length,
        readyReplicas: live.filter(runningAndReady).length,
        availableReplicas: available.length,
        currentReplicas: live.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === currentRevision).length,
        updatedReplicas: updated.length,
        currentRevision,
        updateRevision,
        collisionCount: sts.status?.collisionCount ?? 0,
      };
      // The update is complete once every replica runs the new revision and is ready.
      if (updated.length === replicas && updated.filter(runningAndReady).length === replicas && live.length === replicas) {
        status.currentRevision = updateRevision;
        status.currentReplicas = updated.length;
      }
      if (!jsonEqual(status, sts.status ?? {})) await client.updateStatus(STATEFULSETS, { ...sts, status });
    },
  };
}
