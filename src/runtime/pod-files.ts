import type { DnsConfig } from './types.js';

/** The /etc/resolv.conf a pod sees: its dnsConfig, else the host's. */
export function renderResolvConf(dns: DnsConfig | undefined, hostResolvConf: string): string {
  if (!dns || (!dns.nameservers?.length && !dns.searches?.length && !dns.options?.length)) return hostResolvConf;
  const lines: string[] = [];
  if (dns.searches?.length) lines.push(`search ${dns.searches.join(' ')}`);
  for (const ns of dns.nameservers ?? []) lines.push(`nameserver ${ns}`);
  if (dns.options?.length) lines.push(`options ${dns.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The /etc/hosts a pod sees. */
export function renderHosts(hostname: string, ips: string[]): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const ip of ips) lines.push(`${ip}\t${hostname}`);
  return lines.join('\n') + '\n';
}

/** `mk8s-` + the first 12 hex digits of the pod uid: the sandbox id and the netns name. */
export function sandboxIdFor(uid: string): string {
  const hex = uid.toLowerCase().replace(/[^0-9a-z]/g, '');
  if (!hex) throw new RangeError(`Cannot derive a sandbox id from pod uid "${uid}"`);
  return `mk8s-${hex.slice(0, 12)}`;
}
