import { ConflictError, NotFoundError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ControllerSpec } from '../controllers/controller.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { nowTime } from '../rest/object-meta.js';
import { resourcePrefix } from '../rest/resource-key.js';
import type { ServerConfig } from '../server-config.js';
import { createEventRecorder } from '../controllers/event-recorder.js';
import { failureMessage } from './failure-message.js';
import { findNode } from './find-node.js';
import { NodeInfoCache, type ClusterChange } from './node-info-cache.js';
import { isTerminal, podInfoOf } from './pod-info.js';
import { DEFAULT_PLUGINS, type PluginRegistry } from './registry.js';

export const SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  registry?: PluginRegistry;
  now?: () => number;
  random?: () => number;
  workers?: number;
}

export interface SchedulerSpec extends ControllerSpec {
  readonly nodes: NodeInfoCache;
}

/** Pods this scheduler should place: ours, unbound, alive. */
export function needsScheduling(pod: KubeObject | undefined): boolean {
  if (!pod || pod.spec?.nodeName || pod.metadata?.deletionTimestamp || isTerminal(pod)) return false;
  const name = pod.spec?.schedulerName;
  return !name || name === SCHEDULER_NAME;
}

/**
 * The scheduler as a keyed loop over pending pods: one cycle per pod (filters, scores, bind
 * through pods/binding). Pods that fit nowhere wait in a set and are re-queued when a node
 * changes or a bound pod goes (or, for pods with affinity or spread rules, arrives).
 */
export function schedulerController(client: InProcessClient, log: Logger, _config?: ServerConfig, options: SchedulerOptions = {}): SchedulerSpec {
  const registry = options.registry ?? DEFAULT_PLUGINS;
  const recorder = createEventRecorder(client, { component: SCHEDULER_NAME, now: options.now, listFallback: false });
  const podPrefix = resourcePrefix(client.resource('pods'));
  const unschedulable = new Map<string, boolean /* waits on pods arriving too */>();
  let enqueue: (key: string) => void = () => {};
  let changes = 0;
  let start = 0;

  const onChange = (change: ClusterChange) => {
    changes++;
    for (const [key, podSensitive] of unschedulable) if (change !== 'pod-added' || podSensitive) enqueue(key);
  };
  const nodes = new NodeInfoCache({ nodePrefix: resourcePrefix(client.resource('nodes')), podPrefix, onChange });

  const setUnschedulable = async (namespace: string, name: string, message: string) => {
    const pod = client.tryGet('pods', namespace, name);
    if (!needsScheduling(pod)) return;
    const conditions: KubeObject[] = pod!.status?.conditions ?? [];
    const current = conditions.find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: current?.status === 'False' ? current.lastTransitionTime : nowTime(options.now?.()), reason: 'Unschedulable', message };
    pod!.status = { ...(pod!.status ?? {}), phase: pod!.status?.phase ?? 'Pending', conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), condition] };
    await client.updateStatus('pods', pod!);
  };

  return {
    name: 'scheduler',
    nodes,
    // A cycle is synchronous up to its binding; the binding and the Scheduled event then wait a
    // store commit each. Enough workers keep that many pods in flight that scheduling keeps pace
    // with creation (the HTTP API runs 16 and more creates per commit under load).
    workers: options.workers ?? 32,
    watch(add) {
      enqueue = add;
      const stopNodes = nodes.follow(client.api.cache);
      for (const p of client.api.cache.list(podPrefix)) if (needsScheduling(p.obj)) add(p.key);
      const stopPods = client.api.cache.subscribe((e) => {
        if (!e.key.startsWith(podPrefix)) return;
        if (e.type === 'DELETED' || !needsScheduling(e.obj)) {
          unschedulable.delete(e.key);
          return;
        }
        // A waiting pod's own status write is no reason to try again; a spec or label change is.
        const relevant = !unschedulable.has(e.key) || e.prev?.metadata?.generation !== e.obj.metadata?.generation || JSON.stringify(e.prev?.metadata?.labels) !== JSON.stringify(e.obj.metadata?.labels);
        if (relevant) add(e.key);
      });
      return () => {
        stopNodes();
        stopPods();
      };
    },
    resyncKeys: () => [...unschedulable.keys()],
    resyncMs: 5 * 60_000,
    async reconcile(key) {
      const pod = client.api.cache.get(key)?.obj;
      if (!needsScheduling(pod)) {
        unschedulable.delete(key);
        return;
      }
      const seen = changes;
      const info = podInfoOf(key, pod!);
      const all = nodes.nodes;
      const result = findNode(info, all, registry, { podsWithAntiAffinity: nodes.podsWithAntiAffinity, start, random: options.random });
      start += result.evaluated;
      if (result.node) {
        unschedulable.delete(key);
        nodes.assume(info, result.node);
        try {
          await client.api.bindPod(info.namespace, info.name, result.node);
        } catch (err) {
          nodes.forget(key);
          if (err instanceof NotFoundError || err instanceof ConflictError) {
            log.debug('binding skipped', { pod: key, error: err.message });
            if (err instanceof ConflictError && needsScheduling(client.api.cache.get(key)?.obj)) throw err;
            return;
          }
          throw err;
        }
        await recorder.record(pod!, 'Normal', 'Scheduled', `Successfully assigned ${info.namespace}/${info.name} to ${result.node}`);
        return;
      }
      const spec = pod!.spec ?? {};
      unschedulable.set(key, Boolean(spec.affinity?.podAffinity || spec.affinity?.podAntiAffinity || spec.topologySpreadConstraints?.length));
      const message = failureMessage(all.length, result.reasons);
      await setUnschedulable(info.namespace, info.name, message);
      await recorder.record(pod!, 'Warning', 'FailedScheduling', message);
      if (changes !== seen) enqueue(key);
    },
  };
}
