/** Creates or updates this agent's Node and keeps its status heartbeat going. */
import { hostname as osHostname } from 'node:os';
import { KubeApiError, type KubeClient } from '../client/index.js';
import type { Logger } from '../log.js';
import { rfc3339, type Clock } from './clock.js';
import { goArch, type HostInfo } from './host-info.js';
import type { Obj, Taint } from './types.js';

export interface NodeRegistrationOptions {
  client: KubeClient;
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  labels: Record<string, string>;
  taints: Taint[];
  controlPlane: boolean;
  kubeletPort: number;
  host: HostInfo;
  clock: Clock;
  log: Logger;
}

const PRESSURE = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
] as const;

export function nodeLabels(o: Pick<NodeRegistrationOptions, 'nodeName' | 'labels' | 'controlPlane'>): Record<string, string> {
  return {
    'kubernetes.io/hostname': o.nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': goArch(),
    ...(o.controlPlane ? { 'node-role.kubernetes.io/control-plane': 'true' } : {}),
    ...o.labels,
  };
}

/** The Node status this agent reports; conditions keep their transition times from `previous`. */
export function nodeStatus(o: NodeRegistrationOptions, previous: Obj | undefined): Obj {
  const now = rfc3339(o.clock.now());
  const old = new Map<string, Obj>((previous?.conditions ?? []).map((c: Obj) => [c.type, c]));
  const condition = (type: string, status: string, reason: string, message: string): Obj => {
    const prior = old.get(type);
    const lastTransitionTime = prior?.status === status ? (prior.lastTransitionTime ?? now) : now;
    return { type, status, lastHeartbeatTime: now, lastTransitionTime, reason, message };
  };
  return {
    capacity: o.host.capacity,
    allocatable: o.host.capacity,
    conditions: [
      ...PRESSURE.map(([type, reason, message]) => condition(type, 'False', reason, message)),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: o.nodeIp },
      { type: 'Hostname', address: o.nodeName || osHostname() },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: o.kubeletPort } },
    nodeInfo: o.host.nodeInfo,
  };
}

/** Registers the Node (create, or merge labels/taints into the existing one), then writes its status. */
export async function registerNode(o: NodeRegistrationOptions): Promise<Obj> {
  const path = `/api/v1/nodes/${encodeURIComponent(o.nodeName)}`;
  const labels = nodeLabels(o);
  const taints = o.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
  let node: Obj;
  try {
    node = await o.client.call('POST', '/api/v1/nodes', {
      body: {
        apiVersion: 'v1', kind: 'Node',
        metadata: { name: o.nodeName, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
        spec: { podCIDR: o.podCidr, podCIDRs: [o.podCidr], ...(taints.length ? { taints } : {}) },
      },
    });
    o.log.info('registered node', { node: o.nodeName, podCIDR: o.podCidr });
  } catch (err) {
    if (!(err instanceof KubeApiError) || err.status !== 409) throw err;
    const current = await o.client.call('GET', path);
    const spec = { ...current.spec };
    if (!spec.podCIDR) Object.assign(spec, { podCIDR: o.podCidr, podCIDRs: [o.podCidr] });
    const own = new Set(taints.map((t) => `${t.key}:${t.effect}`));
    spec.taints = [...(spec.taints ?? []).filter((t: Obj) => !own.has(`${t.key}:${t.effect}`) && !t.key.startsWith('node.kubernetes.io/')), ...taints];
    if (!spec.taints.length) delete spec.taints;
    node = await o.client.call('PUT', path, { body: { ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, ...labels } }, spec } });
    o.log.info('updated existing node', { node: o.nodeName });
  }
  return writeNodeStatus(o, node.status);
}

export async function writeNodeStatus(o: NodeRegistrationOptions, previous: Obj | undefined): Promise<Obj> {
  return o.client.call('PATCH', `/api/v1/nodes/${encodeURIComponent(o.nodeName)}/status`, {
    contentType: 'application/merge-patch+json',
    body: { status: nodeStatus(o, previous) },
  });
}
