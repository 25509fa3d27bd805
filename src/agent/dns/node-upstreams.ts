/** The node's own resolvers, for forwarding: resolv.conf nameservers that would not loop back to us. */
import { readFileSync } from 'node:fs';

export interface NodeUpstreamOptions {
  /** Default /etc/resolv.conf. */
  resolvConf?: string;
  /** Read when the first has only loopback resolvers (systemd-resolved's stub): default /run/systemd/resolve/resolv.conf. */
  fallback?: string;
}

export function nodeUpstreams(options: NodeUpstreamOptions = {}): string[] {
  const first = nameservers(options.resolvConf ?? '/etc/resolv.conf');
  const usable = first.filter((ns) => !isLoopback(ns));
  if (usable.length || first.length === 0) return usable;
  return nameservers(options.fallback ?? '/run/systemd/resolve/resolv.conf').filter((ns) => !isLoopback(ns));
}

/** The `nameserver` lines of a resolv.conf text. */
export function parseNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m) out.push(m[1]!.replace(/%.*$/, ''));
  }
  return out;
}

function nameservers(path: string): string[] {
  try {
    return parseNameservers(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}
