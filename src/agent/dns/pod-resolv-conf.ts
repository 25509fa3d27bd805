/**
 * The /etc/resolv.conf text a pod gets. The policy logic and dnsConfig merging are the agent's
 * own `podDnsConfig` (src/agent/sandbox-spec.ts), reused; this adds what it leaves to the
 * runtime: the node's resolvers for `Default` (and host-network `ClusterFirst`), merged with
 * `dnsConfig` as the kubelet does, and the rendering (the runtime's `renderResolvConf`).
 */
import { renderResolvConf } from '../../runtime/pod-files.js';
import type { DnsConfig } from '../../runtime/index.js';
import { podDnsConfig } from '../sandbox-spec.js';
import { isLoopback, parseNameservers } from './node-upstreams.js';

export interface PodResolvConfOptions {
  namespace: string;
  clusterDns: string;
  clusterDomain: string;
  /** ClusterFirst (default), ClusterFirstWithHostNet, Default or None. */
  dnsPolicy?: string;
  dnsConfig?: DnsConfig;
  hostNetwork?: boolean;
  /** The node's resolv.conf text (what `Default` pods inherit). */
  nodeResolvConf: string;
}

export function podResolvConf(options: PodResolvConfOptions): string {
  const spec = { dnsPolicy: options.dnsPolicy, hostNetwork: options.hostNetwork, dnsConfig: options.dnsConfig };
  const pod = { metadata: { namespace: options.namespace }, spec };
  const dns = { clusterDns: options.clusterDns, clusterDomain: options.clusterDomain };
  const own = podDnsConfig({ ...pod, spec: { ...spec, dnsConfig: undefined } }, dns);
  if (own) return renderResolvConf(podDnsConfig(pod, dns), '');
  // The node's resolvers; a loopback resolver (127.0.0.53) is unreachable from a pod's own network.
  const node = parseResolvConf(options.nodeResolvConf);
  if (!options.hostNetwork) node.nameservers = node.nameservers!.filter((ns) => !isLoopback(ns));
  const extra = options.dnsConfig ?? {};
  const merged: DnsConfig = {
    nameservers: [...node.nameservers!, ...(extra.nameservers ?? [])],
    searches: [...node.searches!, ...(extra.searches ?? [])],
    options: [...node.options!, ...(extra.options ?? [])],
  };
  return renderResolvConf(podDnsConfig({ ...pod, spec: { dnsPolicy: 'None', dnsConfig: merged } }, dns), '');
}

/** nameserver, search/domain and options lines of a resolv.conf. */
export function parseResolvConf(text: string): Required<DnsConfig> {
  const out: Required<DnsConfig> = { nameservers: parseNameservers(text), searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'search' || key === 'domain') out.searches = rest; // the last one wins, as in the resolver
    if (key === 'options') {
      for (const o of rest) {
        const i = o.indexOf(':');
        out.options.push(i < 0 ? { name: o } : { name: o.slice(0, i), value: o.slice(i + 1) });
      }
    }
  }
  return out;
}
