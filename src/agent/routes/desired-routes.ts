/** host-gw: which pod CIDR goes via which node address. */
type Obj = Record<string, any>;

/** podCIDR → InternalIP of every other node that has both (never this node's own CIDR). */
export function desiredRoutes(nodes: Iterable<Obj>, self: { nodeName: string; podCidr?: string; nodeIp?: string }): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of nodes) {
    if (node.metadata?.name === self.nodeName || node.metadata?.deletionTimestamp) continue;
    const cidr: string | undefined = node.spec?.podCIDR;
    const via: string | undefined = (node.status?.addresses ?? []).find((a: Obj) => a.type === 'InternalIP' && !String(a.address).includes(':'))?.address;
    if (!cidr || !via || cidr === self.podCidr || via === self.nodeIp) continue;
    out.set(cidr, via);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
