/** The proxy's view of the cluster: one entry per service port, with the endpoints to balance over. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface ProxyEndpoint {
  ip: string;
  port: number;
}

export interface ProxyServicePort {
  /** `<namespace>/<name>:<port name>`, or `<namespace>/<name>` for an unnamed port, as kube-proxy names it. */
  name: string;
  protocol: Protocol;
  clusterIp: string;
  port: number;
  /** 0 when the service has no node port. */
  nodePort: number;
  /** Destinations answered like the cluster IP from outside: load-balancer ingress IPs, externalIPs. */
  externalIps: string[];
  /** Session affinity timeout in seconds when sessionAffinity is ClientIP. */
  affinitySeconds?: number;
  /** Ready endpoints only, sorted, without duplicates. */
  endpoints: ProxyEndpoint[];
}

/** Per table: each mk8s chain's rules as written (`-A` lines joined by newlines), by chain name. */
export interface ChainContents {
  nat: Map<string, string>;
  filter: Map<string, string>;
}

export interface RulesetOptions {
  /** Pod traffic (from this range) to a cluster IP is not masqueraded; everything else is. */
  clusterCidr?: string;
  /** Chains that exist now and are not wanted any more: flushed and deleted. */
  staleChains?: { nat: string[]; filter: string[] };
  /**
   * Per table: (re)install the jumps from the built-in chains, first deleting these existing
   * jump rules (as `iptables-save` printed them). Absent: the jumps are in place, left alone.
   */
  jumps?: { nat?: string[]; filter?: string[] };
  /**
   * The chains as the kernel has them now (the last ruleset's `contents`): write only the chains
   * whose rules differ and delete those no longer wanted. Absent: every chain is written.
   */
  previous?: ChainContents;
}

/** The fwmark bit mk8s uses to ask POSTROUTING for a masquerade (kube-proxy uses 0x4000). */
export const MASQ_MARK = '0x2000';
