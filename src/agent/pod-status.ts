/** The pod status the kubelet reports, computed from the spec, the runtime and probe results. */
import { rfc3339 } from './clock.js';
import type { ContainerHistory, ObservedContainer } from './observe-pod.js';
import type { ProbeState } from './probe-state.js';
import type { Obj } from './types.js';

export interface Waiting {
  reason: string;
  message?: string;
  /** When this reason was set (agent clock, ms); kept by the agent, never written to the API. */
  since?: number;
}

export interface PodStatusInput {
  pod: Obj;
  now: number;
  hostIP: string;
  podIP?: string;
  observed: Map<string, ContainerHistory>;
  probes: Map<string, ProbeState>;
  waiting: Map<string, Waiting>;
  imageIds: Map<string, string>;
  initDone: boolean;
  /** An init container failed under restartPolicy Never. */
  initFailed: boolean;
}

function terminated(c: ObservedContainer): Obj {
  const s = c.status;
  return {
    terminated: {
      exitCode: s.exitCode ?? 0,
      reason: s.reason ?? (s.exitCode === 0 ? 'Completed' : 'Error'),
      ...(s.startedAt ? { startedAt: rfc3339(Date.parse(s.startedAt)) } : {}),
      ...(s.finishedAt ? { finishedAt: rfc3339(Date.parse(s.finishedAt)) } : {}),
      containerID: `containerd://${c.id}`,
    },
  };
}

function containerStatus(input: PodStatusInput, spec: Obj, defaultWaiting: string): Obj {
  const h = input.observed.get(spec.name);
  const cur = h?.current;
  const waiting = input.waiting.get(spec.name);
  const probe = cur ? input.probes.get(cur.id) : undefined;
  const running = cur?.status.state === 'running';
  let state: Obj;
  let lastState: Obj = h?.previous ? terminated(h.previous) : {};
  if (cur && running) state = { running: { startedAt: rfc3339(cur.status.startedAt ? Date.parse(cur.status.startedAt) : input.now) } };
  else if (cur?.status.state === 'exited' && !waiting) state = terminated(cur);
  else {
    state = { waiting: { reason: waiting?.reason ?? defaultWaiting, ...(waiting?.message ? { message: waiting.message } : {}) } };
    if (cur?.status.state === 'exited') lastState = terminated(cur);
  }
  return {
    name: spec.name,
    state,
    lastState,
    ready: Boolean(running && probe?.ready),
    restartCount: cur?.attempt ?? 0,
    image: spec.image,
    imageID: (cur && input.imageIds.get(spec.image)) || '',
    ...(cur ? { containerID: `containerd://${cur.id}` } : {}),
    started: Boolean(running && probe?.started),
  };
}

/** Upstream's getPhase: waiting containers with a previous termination count as stopped. */
function phaseOf(input: PodStatusInput, statuses: Obj[]): string {
  const policy = input.pod.spec.restartPolicy ?? 'Always';
  if (input.initFailed) return 'Failed';
  if (!input.initDone) return 'Pending';
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const s of statuses) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

function qosClass(pod: Obj): string {
  const all = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const { limits = {}, requests = {} } = c.resources ?? {};
    if (Object.keys(limits).length || Object.keys(requests).length) any = true;
    for (const r of ['cpu', 'memory']) if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) guaranteed = false;
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}

export function computePodStatus(input: PodStatusInput): Obj {
  const { pod, now } = input;
  const prior = pod.status ?? {};
  const initStatuses = (pod.spec.initContainers ?? []).map((c: Obj) => containerStatus(input, c, 'PodInitializing'));
  const statuses = (pod.spec.containers ?? []).map((c: Obj) => containerStatus(input, c, input.initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = phaseOf(input, statuses);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((s: Obj) => !s.ready).map((s: Obj) => s.name);
  const incomplete = initStatuses.filter((s: Obj) => !(s.state.terminated?.exitCode === 0)).map((s: Obj) => s.name);
  const old = new Map<string, Obj>((prior.conditions ?? []).map((c: Obj) => [c.type, c]));
  const condition = (type: string, ok: boolean, reason?: string, message?: string): Obj => {
    const status = ok ? 'True' : 'False';
    const was = old.get(type);
    const lastTransitionTime = was?.status === status && was.lastTransitionTime ? was.lastTransitionTime : rfc3339(now);
    return { type, status, lastTransitionTime, ...(ok ? {} : { reason, message }) };
  };
  const containersReady = !terminal && unready.length === 0;
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const initialized = input.initDone || (terminal && !input.initFailed);
  const conditions = [
    condition('PodReadyToStartContainers', Boolean(input.podIP) && !terminal),
    condition('Initialized', initialized, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    condition('Ready', containersReady, notReadyReason, notReadyMessage),
    condition('ContainersReady', containersReady, notReadyReason, notReadyMessage),
    old.get('PodScheduled') ?? condition('PodScheduled', true),
  ];
  const status: Obj = {
    ...prior,
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: prior.startTime ?? rfc3339(now),
    containerStatuses: statuses,
    qosClass: prior.qosClass ?? qosClass(pod),
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  if (input.podIP) Object.assign(status, { podIP: input.podIP, podIPs: [{ ip: input.podIP }] });
  return status;
}
