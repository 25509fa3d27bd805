/** The runtime SandboxSpec of a pod: network mode, hostname, host ports and resolv.conf. */
import type { DnsConfig, PortMapping, SandboxSpec } from '../runtime/index.js';
import type { Obj } from './types.js';

export interface DnsSettings {
  clusterDns: string;
  clusterDomain: string;
}

/** resolv.conf content per dnsPolicy, merged with spec.dnsConfig; undefined: the host's. */
export function podDnsConfig(pod: Obj, dns: DnsSettings): DnsConfig | undefined {
  const spec = pod.spec;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  let config: DnsConfig | undefined;
  if (clusterFirst) {
    const d = dns.clusterDomain;
    config = {
      nameservers: [dns.clusterDns],
      searches: [`${pod.metadata.namespace}.svc.${d}`, `svc.${d}`, d],
      options: [{ name: 'ndots', value: '5' }],
    };
  } else if (policy === 'None') {
    config = { nameservers: [], searches: [], options: [] };
  }
  const extra = spec.dnsConfig;
  if (!extra) return config;
  const base = config ?? { nameservers: [], searches: [], options: [] };
  const options = new Map<string, string | undefined>((base.options ?? []).map((o) => [o.name, o.value]));
  for (const o of extra.options ?? []) options.set(o.name, o.value);
  return {
    nameservers: [...new Set([...(base.nameservers ?? []), ...(extra.nameservers ?? [])])].slice(0, 3),
    searches: [...new Set([...(base.searches ?? []), ...(extra.searches ?? [])])].slice(0, 32),
    options: [...options].map(([name, value]) => (value === undefined ? { name } : { name, value })),
  };
}

export function sandboxSpec(pod: Obj, dns: DnsSettings): SandboxSpec {
  const ports: PortMapping[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) ports.push({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol ?? 'TCP' });
    }
  }
  return {
    uid: pod.metadata.uid,
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    hostNetwork: Boolean(pod.spec.hostNetwork),
    hostname: pod.spec.hostname ?? pod.metadata.name,
    ports,
    dnsConfig: podDnsConfig(pod, dns),
  };
}
