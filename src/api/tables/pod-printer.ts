/**
 * Pods: Ready (`1/2`), Status as kubectl computes it from phase, init and app container states
 * and deletion, Restarts (`3 (5m ago)`), Age; wide: IP, Node, Nominated Node, Readiness Gates.
 */

import { AGE_COLUMN, NAME_COLUMN, age, column, int, name } from './format.js';
import { humanDuration } from './human-duration.js';
import type { Cell, Obj, Printer, TableRowCondition } from './types.js';

/** Pod.status.reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_LOST = 'NodeLost';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

function laterOf(current: number | undefined, ts: unknown): number | undefined {
  if (typeof ts !== 'string') return current;
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return current;
  return current === undefined || t > current ? t : current;
}

function hasCondition(pod: Obj, type: string): boolean {
  return list(pod.status?.conditions).some((c) => c.type === type && c.status === 'True');
}

function terminatedReason(t: Obj, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${int(t.exitCode)}`;
}

/** Ready, Status and Restarts cells of a pod, as kubectl shows them, at time `now`. */
export function podSummary(pod: Obj, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = list(spec.initContainers);
  const sidecars = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = list(spec.containers).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  const phase = String(status.phase ?? '');
  let reason = status.reason ? String(status.reason) : phase;
  if (list(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const state = c.state ?? {};
    const finished = c.lastState?.terminated?.finishedAt;
    restarts += int(c.restartCount);
    lastRestart = laterOf(lastRestart, finished);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) {
      sidecarRestarts += int(c.restartCount);
      lastSidecarRestart = laterOf(lastSidecarRestart, finished);
    }
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      const state = c.state ?? {};
      restarts += int(c.restartCount);
      lastRestart = laterOf(lastRestart, c.lastState?.terminated?.finishedAt);
      if (state.waiting?.reason) reason = String(state.waiting.reason);
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (c.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === NODE_LOST) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

function readinessGates(pod: Obj): string {
  const gates = list(pod.spec?.readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = list(pod.status?.conditions);
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted, and when the last one was.'),
    AGE_COLUMN,
    column('IP', 'string', 'The pod IP address (status.podIPs[0]).', 1),
    column('Node', 'string', 'The node the pod is bound to (spec.nodeName).', 1),
    column('Nominated Node', 'string', 'The node the scheduler nominated after preemption (status.nominatedNodeName).', 1),
    column('Readiness Gates', 'string', 'How many of the pod readiness gates are satisfied.', 1),
  ],
  cells(pod: Obj, now: number): Cell[] {
    const s = podSummary(pod, now);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      name(pod),
      s.ready,
      s.status,
      s.restarts,
      age(pod, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod: Obj): TableRowCondition[] | undefined {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
