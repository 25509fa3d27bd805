import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { nowTime } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { DelayedEnqueue } from './cronjob-controller-timers.js';
import { createEventRecorder } from './event-recorder.js';
import type { TimedControllerOptions } from './job-controller.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  toleratesTaint,
} from './node-lifecycle-controller-taints.js';

const LEASES = 'leases.coordination.k8s.io';
const LEASE_NAMESPACE = 'kube-node-lease';
const MANAGED_TAINTS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE]);
const STATUS_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
const PRESSURE_TAINTS: [string, string][] = [['MemoryPressure', TAINT_MEMORY_PRESSURE], ['DiskPressure', TAINT_DISK_PRESSURE], ['PIDPressure', TAINT_PID_PRESSURE]];

const cond = (node: KubeObject, type: string): KubeObject | undefined => (node.status?.conditions ?? []).find((c: KubeObject) => c.type === type);

/**
 * Node lifecycle: a node whose Lease (and status) has not been renewed within the grace
 * period goes Ready=Unknown; nodes get the unreachable / not-ready taints (NoSchedule and
 * NoExecute) and the condition taints, removed when they recover; pods on a NoExecute-tainted
 * node are deleted once their toleration runs out (at once without one).
 */
export function nodeLifecycleController(client: InProcessClient, _log: Logger, config: ServerConfig, options: TimedControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const events = createEventRecorder(client, { component: 'node-controller', now });
  const timers = new DelayedEnqueue();
  const graceMs = config.nodeMonitorGracePeriodSeconds * 1000;

  const lastHeartbeat = (node: KubeObject): number => {
    const lease = client.peek(LEASES, LEASE_NAMESPACE, node.metadata.name);
    const times = [lease?.spec?.renewTime, cond(node, 'Ready')?.lastHeartbeatTime, node.metadata.creationTimestamp].map((s) => (s ? Date.parse(s) : NaN)).filter((n) => !Number.isNaN(n));
    return Math.max(...times);
  };

  /** Ready and the pressure conditions go Unknown; the node's pods stop being Ready. */
  const markUnknown = async (node: KubeObject, t: number): Promise<KubeObject> => {
    const at = nowTime(t);
    const conditions: KubeObject[] = [...(node.status?.conditions ?? [])];
    for (const type of STATUS_CONDITIONS) {
      const i = conditions.findIndex((c) => c.type === type);
      const never = i < 0;
      if (never && type !== 'Ready') continue;
      const old = never ? { type } : conditions[i];
      const next = { ...old, status: 'Unknown', reason: never ? 'NodeStatusNeverUpdated' : 'NodeStatusUnknown', message: never ? 'Kubelet never posted node status.' : 'Kubelet stopped posting node status.', lastTransitionTime: at };
      if (never) conditions.push({ ...next, lastHeartbeatTime: at });
      else conditions[i] = next;
    }
    const updated = await client.updateStatus('nodes', { ...node, status: { ...(node.status ?? {}), conditions } });
    await events.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    for (const pod of client.list('pods', undefined, { fieldSelector: `spec.nodeName=${node.metadata.name}` })) {
      const podConds: KubeObject[] = pod.status?.conditions ?? [];
      const ready = podConds.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      pod.status.conditions = podConds.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', lastTransitionTime: at } : c));
      await client.updateStatus('pods', pod).catch(() => undefined);
    }
    return updated;
  };

  const wantedTaints = (node: KubeObject, t: number): KubeObject[] => {
    const ready = cond(node, 'Ready')?.status;
    const existing: KubeObject[] = node.spec?.taints ?? [];
    const keep = existing.filter((x) => !MANAGED_TAINTS.has(x.key));
    const add = (key: string, effect: string) => {
      const old = existing.find((x) => x.key === key && x.effect === effect);
      keep.push(old ?? (effect === 'NoExecute' ? { key, effect, timeAdded: nowTime(t) } : { key, effect }));
    };
    const down = ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
    if (down) {
      add(down, 'NoSchedule');
      add(down, 'NoExecute');
    }
    if (node.spec?.unschedulable) add(TAINT_UNSCHEDULABLE, 'NoSchedule');
    for (const [type, key] of PRESSURE_TAINTS) if (cond(node, type)?.status === 'True') add(key, 'NoSchedule');
    return keep;
  };

  /** Deletes the node's pods whose tolerations of its NoExecute taints have run out; returns the next deadline. */
  const evict = async (node: KubeObject, t: number): Promise<number | undefined> => {
    const noExecute: KubeObject[] = (node.spec?.taints ?? []).filter((x: KubeObject) => x.effect === 'NoExecute');
    if (noExecute.length === 0) return undefined;
    let next: number | undefined;
    for (const pod of client.list('pods', undefined, { fieldSelector: `spec.nodeName=${node.metadata.name}` })) {
      if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const deadline = evictionDeadline(pod.spec?.tolerations ?? [], noExecute, t);
      if (deadline === Infinity) continue;
      if (deadline > t) {
        next = Math.min(next ?? Infinity, deadline);
        continue;
      }
      if (await client.deleteIfPresent('pods', pod.metadata.namespace, pod.metadata.name)) await events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    }
    return next;
  };

  return {
    name: 'node-lifecycle',
    watch(enqueue) {
      timers.bind(enqueue);
      const nodes = client.watch('nodes', undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(e.object.metadata.name);
      });
      const leases = client.watch(LEASES, LEASE_NAMESPACE, {}, (e) => enqueue(e.object.metadata.name));
      return () => {
        nodes.close();
        leases.close();
        timers.stop();
      };
    },
    resyncKeys: () => client.api.list(client.resource('nodes'), undefined).items.map((n) => n.metadata.name),
    resyncMs: 5_000,
    async reconcile(name) {
      // Read-only (the cached object): the writes below send changed copies.
      let node = client.peek('nodes', undefined, name);
      if (!node || node.metadata.deletionTimestamp) return;
      const t = now();
      const heartbeat = lastHeartbeat(node);
      if (t - heartbeat > graceMs) {
        if (cond(node, 'Ready')?.status !== 'Unknown') node = await markUnknown(node, t);
      } else timers.after(name, heartbeat + graceMs - t + 1);
      const taints = wantedTaints(node, t);
      if (!jsonEqual(taints, node.spec?.taints ?? [])) {
        const becameNotReady = taints.some((x) => x.key === TAINT_NOT_READY) && !(node.spec?.taints ?? []).some((x: KubeObject) => x.key === TAINT_NOT_READY);
        node = await client.update('nodes', { ...node, spec: { ...(node.spec ?? {}), taints: taints.length ? taints : undefined } });
        if (becameNotReady && cond(node, 'Ready')) await events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
      const next = await evict(node, t);
      if (next !== undefined) timers.after(name, next - t);
    },
  };
}

/**
 * When a pod must leave a node with these NoExecute taints: now (`t`) if one is not tolerated,
 * never (Infinity) if all are tolerated forever, else the earliest `timeAdded +
 * tolerationSeconds` over the taints.
 */
export function evictionDeadline(tolerations: KubeObject[], noExecute: KubeObject[], t: number): number {
  let deadline = Infinity;
  for (const taint of noExecute) {
    const matching = tolerations.filter((tol) => toleratesTaint(tol, taint));
    if (matching.length === 0) return t;
    const seconds = matching.map((tol) => (tol.tolerationSeconds == null ? Infinity : Math.max(0, Number(tol.tolerationSeconds))));
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : t;
    deadline = Math.min(deadline, added + Math.min(...seconds) * 1000);
  }
  return deadline;
}
