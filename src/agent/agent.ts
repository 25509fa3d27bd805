/**
 * The node agent (kubelet-like): registers the Node, renews its Lease, keeps the status
 * heartbeat and runs the pods bound to this node on the ContainerRuntime.
 */
import { mkdir } from 'node:fs/promises';
import type { ContainerRuntime } from '../runtime/index.js';
import { BackOff } from './back-off.js';
import { systemClock } from './clock.js';
import { EventRecorder } from './event-recorder.js';
import { readHostInfo } from './host-info.js';
import { renewLease } from './lease.js';
import { registerNode, writeNodeStatus, type NodeRegistrationOptions } from './node-registration.js';
import { agentDir } from './paths.js';
import { PodManager } from './pod-manager.js';
import { watchNodePods, type PodWatch } from './pod-watch.js';
import type { AgentOptions, AgentStats, ContainerLocation, Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';
import { isConditionTrue } from '../api/conditions.js';

export interface RunningAgent {
  nodeName: string;
  /** Resolves once the Node is registered and the first pod list was handled. */
  ready: Promise<void>;
  findContainer(namespace: string, podName: string, containerName?: string): ContainerLocation | undefined;
  stats(): Promise<AgentStats>;
  /** Re-syncs every pod now and resolves when all workers are idle (tests, shutdown). */
  syncNow(): Promise<void>;
  /** Stops the loops; containers keep running (a restarted agent adopts them). */
  stop(): Promise<void>;
}

async function runtimeVersion(runtime: ContainerRuntime, fallback: string | undefined): Promise<string> {
  const withVersion = runtime as ContainerRuntime & { version?: () => Promise<string> };
  if (typeof withVersion.version === 'function') {
    const v = await withVersion.version().catch(() => '');
    if (v) return v.startsWith('containerd://') ? v : `containerd://${v}`;
  }
  return fallback ?? 'containerd://unknown';
}

export function startAgent(options: AgentOptions): RunningAgent {
  const clock = options.clock ?? systemClock;
  const log = options.log.child({ component: 'agent', node: options.nodeName });
  const events = new EventRecorder(options.client, options.nodeName, clock, log);
  const timers: unknown[] = [];
  let stopped = false;
  let podWatch: PodWatch | undefined;
  let manager: PodManager | undefined;

  const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const handle = clock.setInterval(() => {
      if (busy || stopped) return;
      busy = true;
      fn().catch((err: Error) => log.warn(`${what} failed; will retry`, { error: err.message })).finally(() => (busy = false));
    }, ms);
    handle.unref?.();
    timers.push(handle);
  };

  const ready = (async () => {
    await mkdir(agentDir(options.dataDir), { recursive: true, mode: 0o700 });
    const host = await readHostInfo(agentDir(options.dataDir), await runtimeVersion(options.runtime, options.runtimeVersion));
    const reg: NodeRegistrationOptions = {
      client: options.client, nodeName: options.nodeName, nodeIp: options.nodeIp, podCidr: options.podCidr,
      labels: options.labels ?? {}, taints: options.taints ?? [], controlPlane: options.controlPlane ?? false,
      kubeletPort: options.kubeletPort ?? 10250, host, clock, log,
    };
    let node: Obj = await registerNode(reg);
    const lease = { client: options.client, nodeName: options.nodeName, nodeUid: node.metadata?.uid, leaseDurationSeconds: options.leaseDurationSeconds ?? 40, clock };
    await renewLease(lease);
    every(options.renewIntervalMs ?? 10_000, 'lease renewal', async () => {
      await renewLease(lease);
      // The node controller marks a node it stopped hearing from Ready=Unknown; once this agent is
      // heard again it reports Ready at once instead of at the next status heartbeat.
      const current: Obj = await options.client.call('GET', `/api/v1/nodes/${encodeURIComponent(options.nodeName)}`);
      if (!isReady(current)) node = await writeNodeStatus(reg, current.status);
    });
    every(options.nodeStatusIntervalMs ?? 60_000, 'node status heartbeat', async () => {
      node = await writeNodeStatus(reg, node.status);
    });
    const deps: WorkerDeps = {
      client: options.client, runtime: options.runtime, dataDir: options.dataDir, nodeName: options.nodeName, nodeIp: options.nodeIp,
      dns: { clusterDns: options.clusterDns, clusterDomain: options.clusterDomain }, clock, log, events,
      backOff: new BackOff(), imageIds: new Map(), allocatable: host.capacity,
    };
    const pods = new PodManager(deps);
    manager = pods;
    if (stopped) return;
    podWatch = watchNodePods(options.client, options.nodeName, log, {
      onList: (items) => pods.reconcileList(items),
      onEvent: (type, pod) => (type === 'DELETED' ? pods.remove(pod.metadata.uid) : pods.upsert(pod)),
    });
    // Fire and forget: each worker serialises its own syncs, so one slow pod never holds the others back.
    every(options.syncIntervalMs ?? 1000, 'pod sync', async () => void pods.tick());
    await podWatch.synced;
    log.info('node agent ready', { pods: pods.size });
  })();
  ready.catch((err: Error) => log.error('node agent failed to start', { error: err.message }));

  return {
    nodeName: options.nodeName,
    ready,
    findContainer: (namespace, podName, containerName) => manager?.findContainer(namespace, podName, containerName),
    stats: async () => (manager ? manager.stats() : { node: { cpuNanos: 0, memoryBytes: 0 }, pods: [] }),
    syncNow: async () => {
      await manager?.idle();
      await events.flush();
    },
    stop: async () => {
      stopped = true;
      for (const t of timers) clock.clearInterval(t);
      podWatch?.stop();
      await ready.catch(() => undefined);
      await manager?.stop();
      await events.flush();
    },
  };
}

const isReady = (node: Obj): boolean => isConditionTrue(node);
