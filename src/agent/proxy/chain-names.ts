/** mk8s's iptables chain names: fixed top-level chains and hashed per-service/per-endpoint ones. */
import { createHash } from 'node:crypto';
import type { ProxyEndpoint, ProxyServicePort } from './types.js';

export const SERVICES_CHAIN = 'MK8S-SERVICES';
export const NODEPORTS_CHAIN = 'MK8S-NODEPORTS';
export const POSTROUTING_CHAIN = 'MK8S-POSTROUTING';
export const MARK_MASQ_CHAIN = 'MK8S-MARK-MASQ';
export const FORWARD_CHAIN = 'MK8S-FORWARD';
export const CHAIN_PREFIX = 'MK8S-';

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16).toUpperCase();
}

/** `MK8S-SVC-<16 hex>`: 25 characters, under iptables' 28. */
export function serviceChain(sp: Pick<ProxyServicePort, 'name' | 'protocol'>): string {
  return `MK8S-SVC-${hash(`${sp.name}${sp.protocol}`)}`;
}

export function endpointChain(sp: Pick<ProxyServicePort, 'name' | 'protocol'>, ep: ProxyEndpoint): string {
  return `MK8S-SEP-${hash(`${sp.name}${sp.protocol}${ep.ip}:${ep.port}`)}`;
}

/** Is this chain one of mk8s's (and so ours to flush and delete)? */
export function isMk8sChain(name: string): boolean {
  return name.startsWith(CHAIN_PREFIX);
}
