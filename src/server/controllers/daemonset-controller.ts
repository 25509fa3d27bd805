import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { DelayedEnqueue } from './cronjob-controller-timers.js';
import { addDaemonTolerations, daemonNodeFit } from './daemonset-controller-nodes.js';
import { controllerRef, isControlledBy, ownerKey, REVISION_HASH_LABEL, syncControllerRevisions } from './daemonset-controller-revision.js';
import { createEventRecorder } from './event-recorder.js';
import type { TimedControllerOptions } from './job-controller.js';

const DAEMONSETS = 'daemonsets.apps';
const TEMPLATE_GENERATION = 'pod-template-generation';

const readySince = (p: KubeObject): number | undefined => {
  const c = (p.status?.conditions ?? []).find((x: KubeObject) => x.type === 'Ready' && x.status === 'True');
  return c ? Date.parse(c.lastTransitionTime ?? 0) || 0 : undefined;
};

/** `maxUnavailable` (a number or a percentage, rounded up) against `total`, at least 1. */
export function resolveMaxUnavailable(value: number | string | undefined, total: number): number {
  if (value === undefined) return 1;
  const n = typeof value === 'string' && value.endsWith('%') ? Math.ceil((Number(value.slice(0, -1)) * total) / 100) : Number(value);
  return Math.max(1, Number.isFinite(n) ? n : 1);
}

/**
 * apps/v1 DaemonSets: one pod per eligible node (nodeSelector, required node affinity, taints
 * against the pod's tolerations plus the daemon ones). Pods are created with `spec.nodeName`
 * set, so they do not wait for the scheduler. RollingUpdate replaces pods of older revisions
 * (ControllerRevisions, label `controller-revision-hash`) within `maxUnavailable`.
 */
export function daemonSetController(client: InProcessClient, _log: Logger, _config?: ServerConfig, options: TimedControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const events = createEventRecorder(client, { component: 'daemonset-controller', now });
  const timers = new DelayedEnqueue();
  const allKeys = () => client.list(DAEMONSETS).map((d) => `${d.metadata.namespace}/${d.metadata.name}`);

  const deletePod = async (ds: KubeObject, pod: KubeObject) => {
    if (await client.deleteIfPresent('pods', pod.metadata.namespace, pod.metadata.name)) await events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  };

  return {
    name: 'daemonset',
    watch(enqueue) {
      timers.bind(enqueue);
      const sets = client.watch(DAEMONSETS, undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      });
      const pods = client.watch('pods', undefined, {}, (e) => {
        const key = ownerKey(e.object, 'DaemonSet');
        if (key) enqueue(key);
      });
      const nodes = client.watch('nodes', undefined, {}, () => {
        for (const key of allKeys()) enqueue(key);
      });
      return () => {
        sets.close();
        pods.close();
        nodes.close();
        timers.stop();
      };
    },
    resyncKeys: allKeys,
    resyncMs: 30_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const ds = client.tryGet(DAEMONSETS, ns, name);
      if (!ds || ds.metadata.deletionTimestamp) return;
      const t = now();
      const minReady = (ds.spec.minReadySeconds ?? 0) * 1000;
      const isAvailable = (p: KubeObject) => {
        const since = readySince(p);
        return since !== undefined && since + minReady <= t;
      };
      const owned = client.list('pods', ns).filter((p) => isControlledBy(p, ds));
      const pods = owned.filter((p) => !p.metadata.deletionTimestamp);
      // A node whose old daemon pod is still shutting down gets the new one after it has gone.
      const terminatingOn = new Set(owned.filter((p) => p.metadata.deletionTimestamp).map((p) => p.spec.nodeName));
      const hash = await syncControllerRevisions(client, ds, new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL])));
      const template = clone(ds.spec.template);
      template.metadata ??= {};
      template.metadata.labels = { ...(template.metadata.labels ?? {}), [REVISION_HASH_LABEL]: hash, [TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1) };
      addDaemonTolerations(template.spec);

      const byNode = new Map<string, KubeObject[]>();
      for (const p of pods) {
        const node = p.spec.nodeName ?? '';
        byNode.set(node, [...(byNode.get(node) ?? []), p]);
      }
      const nodes = client.list('nodes').filter((n) => !n.metadata.deletionTimestamp);
      const toDelete: KubeObject[] = [];
      const toCreate: string[] = [];
      const placed: KubeObject[] = [];
      let desired = 0;
      let misscheduled = 0;
      for (const node of nodes) {
        const nodeName = node.metadata.name;
        const fit = daemonNodeFit(template.spec, node);
        const here = byNode.get(nodeName) ?? [];
        byNode.delete(nodeName);
        if (fit.schedule) desired++;
        if (!fit.keep) {
          if (here.length) misscheduled++;
          toDelete.push(...here);
          continue;
        }
        const failed = here.filter((p) => p.status?.phase === 'Failed');
        toDelete.push(...failed);
        const live = here.filter((p) => p.status?.phase !== 'Failed').sort((a, b) => Number(b.metadata.labels?.[REVISION_HASH_LABEL] === hash) - Number(a.metadata.labels?.[REVISION_HASH_LABEL] === hash));
        if (live.length === 0 && fit.schedule && !terminatingOn.has(nodeName)) toCreate.push(nodeName);
        if (live.length > 0) placed.push(live[0]);
        toDelete.push(...live.slice(1));
      }
      for (const orphans of byNode.values()) toDelete.push(...orphans);

      // Rolling update: old pods go within the maxUnavailable budget; their replacement comes next round.
      const strategy = ds.spec.updateStrategy ?? {};
      if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const old = placed.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] !== hash);
        const unavailable = Math.max(0, desired - placed.length) + placed.filter((p) => !isAvailable(p)).length;
        let budget = resolveMaxUnavailable(strategy.rollingUpdate?.maxUnavailable, desired) - unavailable;
        for (const p of old) {
          if (!isAvailable(p)) toDelete.push(p);
          else if (budget > 0) {
            toDelete.push(p);
            budget--;
          }
        }
      }

      for (const p of toDelete) await deletePod(ds, p);
      for (const nodeName of toCreate) {
        const pod = await client.create('pods', ns, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { ...template.metadata, name: undefined, generateName: `${name}-`, namespace: ns, ownerReferences: [controllerRef(ds)] },
          spec: { ...template.spec, nodeName },
        });
        await events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }

      const kept = placed.filter((p) => !toDelete.includes(p));
      const pendingAvailability = kept.map((p) => readySince(p)).filter((s): s is number => s !== undefined && s + minReady > t);
      if (pendingAvailability.length) timers.after(key, Math.min(...pendingAvailability) + minReady - t);
      const status = {
        ...(ds.status ?? {}),
        desiredNumberScheduled: desired,
        currentNumberScheduled: kept.length,
        numberMisscheduled: misscheduled,
        numberReady: kept.filter((p) => readySince(p) !== undefined).length,
        numberAvailable: kept.filter(isAvailable).length,
        updatedNumberScheduled: kept.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === hash).length,
        observedGeneration: ds.metadata.generation,
      } as KubeObject;
      status.numberUnavailable = Math.max(0, desired - status.numberAvailable);
      if (status.numberUnavailable === 0) delete status.numberUnavailable;
      if (!jsonEqual(status, ds.status ?? {})) await client.updateStatus(DAEMONSETS, { ...ds, status });
    },
  };
}
