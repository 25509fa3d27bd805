/**
 * Cluster DNS served by the agent process: Services, EndpointSlices and Pods watched through
 * the API into memory, answered over UDP and TCP; other names forwarded to the node's resolvers.
 */
import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../log.js';
import { ClusterIndex, type WatchedKind } from './cluster-index.js';
import { DnsHandler, type DnsStats } from './dns-handler.js';
import { listenDns, type ListenAddress } from './dns-server.js';
import { Forwarder } from './forwarder.js';
import { nodeUpstreams } from './node-upstreams.js';
import { watchResource } from './watch-resource.js';

export interface ClusterDnsOptions {
  /** Watches Services, EndpointSlices and Pods; omit to feed `index` directly (tests, benchmarks). */
  client?: KubeClient;
  clusterDomain?: string;
  listen: ListenAddress[];
  /** Default: the node's resolv.conf nameservers, loopback ones skipped (see nodeUpstreams). */
  upstreams?: string[];
  /** Default 5 s, as k3s's CoreDNS. */
  ttl?: number;
  /** Per upstream attempt (default 2000 ms). */
  upstreamTimeoutMs?: number;
  /** Answer pod A records only for existing pods (CoreDNS `pods verified`); default false (`pods insecure`, as k3s). */
  verifyPods?: boolean;
  index?: ClusterIndex;
  log: Logger;
}

export interface ClusterDnsStats extends DnsStats {
  cacheHits: number;
  upstreamFailures: number;
  services: number;
  endpointSlices: number;
  pods: number;
}

export interface ClusterDns {
  addresses: ListenAddress[];
  index: ClusterIndex;
  upstreams: string[];
  /** Resolves once every watched resource was listed (at once without a client). */
  synced: Promise<void>;
  readonly stats: ClusterDnsStats;
  close(): Promise<void>;
}

export async function startClusterDns(options: ClusterDnsOptions): Promise<ClusterDns> {
  const log = options.log.child({ component: 'dns' });
  const domain = (options.clusterDomain ?? 'cluster.local').replace(/\.$/, '').toLowerCase();
  const index = options.index ?? new ClusterIndex();
  const listening = new Set(options.listen.map((l) => l.host));
  const upstreams = (options.upstreams ?? nodeUpstreams()).filter((u) => !listening.has(u));
  if (upstreams.length === 0) log.warn('no upstream DNS servers: names outside the cluster will get SERVFAIL');
  const forwarder = new Forwarder({ upstreams, timeoutMs: options.upstreamTimeoutMs, log });
  const handler = new DnsHandler({ index, forwarder, domain, ttl: options.ttl ?? 5, verifyPods: options.verifyPods, log });
  const listeners = await listenDns(options.listen, handler, log);
  const kinds: WatchedKind[] = ['services', 'endpointslices', 'pods'];
  const watches = options.client ? kinds.map((k) => watchResource(options.client!, k, index, log)) : [];
  const synced = Promise.all(watches.map((w) => w.synced)).then(() => undefined);
  log.info('cluster DNS listening', { addresses: listeners.addresses.map((a) => `${a.host}:${a.port}`), domain, upstreams });
  return {
    addresses: listeners.addresses,
    index,
    upstreams,
    synced,
    get stats() {
      return { ...handler.stats, cacheHits: forwarder.stats.cacheHits, upstreamFailures: forwarder.stats.upstreamFailures, ...index.sizes };
    },
    async close() {
      for (const w of watches) w.stop();
      await listeners.close();
    },
  };
}
