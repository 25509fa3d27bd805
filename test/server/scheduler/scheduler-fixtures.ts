import { MemoryStore } from '../../../src/store/index.js';
import { WatchCache } from '../../../src/server/watch-cache.js';
import { ObjectApi } from '../../../src/server/rest/object-api.js';
import { InProcessClient } from '../../../src/server/in-process-client.js';
import type { Logger } from '../../../src/log.js';
import type { NodeInfo, PodInfo } from '../../../src/server/scheduler/index.js';
import { NodeInfoCache } from '../../../src/server/scheduler/index.js';

export const quietLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quietLog };

/** An in-process API over the memory store, with the namespaces asked for. */
export async function inProcessApi(namespaces: string[] = ['default'], now?: () => number) {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  await cache.start();
  const api = new ObjectApi({ store, cache, now });
  const client = new InProcessClient(api);
  for (const name of namespaces) await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return { store, cache, api, client, stop: () => cache.stop() };
}

export function node(name: string, opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: any[]; ready?: string; unschedulable?: boolean } = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110', 'ephemeral-storage': '100Gi' },
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }],
    },
  };
}

export function pod(name: string, opts: { cpu?: string; memory?: string; labels?: Record<string, string>; spec?: any; nodeName?: string; namespace?: string; owner?: string } = {}): any {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: opts.labels ?? {},
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: opts.owner, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests } }], ...(opts.nodeName ? { nodeName: opts.nodeName } : {}), ...(opts.spec ?? {}) },
  };
}

/** NodeInfos built through the real cache from synthetic objects (no API). */
export function nodeInfos(nodes: any[], bound: any[] = []): { infos: readonly NodeInfo[]; cache: NodeInfoCache; get(name: string): NodeInfo } {
  const cache = new NodeInfoCache({ nodePrefix: '/registry/core/nodes/', podPrefix: '/registry/core/pods/' });
  for (const n of nodes) cache.setNode(n);
  for (const p of bound) cache.setPod(`/registry/core/pods/${p.metadata.namespace}/${p.metadata.name}`, p);
  return { infos: cache.nodes, cache, get: (name) => cache.get(name)! };
}

export function podKey(p: any): string {
  return `/registry/core/pods/${p.metadata.namespace}/${p.metadata.name}`;
}

export type { PodInfo };
