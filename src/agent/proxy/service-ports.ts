/** Services + EndpointSlices (API JSON) → the service ports the proxy programs. */
import type { Obj, Protocol, ProxyEndpoint, ProxyServicePort } from './types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const DEFAULT_AFFINITY_SECONDS = 10_800;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface ServicePortsOptions {
  /** This node's addresses: a LoadBalancer service answers on them (k3s ServiceLB). */
  nodeIps?: string[];
}

/** Does the proxy program this service at all (an IPv4 cluster IP, not headless or ExternalName)? */
export function isProxied(svc: Obj): boolean {
  const ip = svc.spec?.clusterIP;
  return svc.spec?.type !== 'ExternalName' && typeof ip === 'string' && IPV4.test(ip);
}

/** Ready endpoints of one service port across the service's slices (a missing `ready` counts as ready). */
export function portEndpoints(slices: Obj[], portName: string, protocol: string): ProxyEndpoint[] {
  const seen = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p: Obj) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (!port || typeof port.port !== 'number') continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) if (IPV4.test(ip)) seen.set(`${ip}:${port.port}`, { ip, port: port.port });
    }
  }
  return [...seen.values()].sort((a, b) => compareIp(a.ip, b.ip) || a.port - b.port);
}

/** The ports of one service, with their endpoints taken from `slices` (this service's slices only). */
export function servicePorts(svc: Obj, slices: Obj[], options: ServicePortsOptions = {}): ProxyServicePort[] {
  if (!isProxied(svc)) return [];
  const spec = svc.spec;
  const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
  const external = new Set<string>([...(spec.externalIPs ?? [])]);
  if (spec.type === 'LoadBalancer') {
    for (const i of svc.status?.loadBalancer?.ingress ?? []) if (i.ip) external.add(i.ip);
    for (const ip of options.nodeIps ?? []) external.add(ip);
  }
  const externalIps = [...external].filter((ip) => IPV4.test(ip)).sort(compareIp);
  const affinity = spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS : undefined;
  return (spec.ports ?? []).map((p: Obj): ProxyServicePort => {
    const protocol = p.protocol ?? 'TCP';
    const nodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? p.nodePort ?? 0 : 0;
    return {
      name: p.name ? `${key}:${p.name}` : key,
      protocol: protocol.toLowerCase() as Protocol,
      clusterIp: spec.clusterIP,
      port: p.port,
      nodePort,
      externalIps,
      ...(affinity !== undefined ? { affinitySeconds: affinity } : {}),
      endpoints: portEndpoints(slices, p.name ?? '', protocol),
    };
  });
}

/** Every service port of the cluster, in a stable order. */
export function allServicePorts(services: Iterable<Obj>, slicesByService: Map<string, Obj[]>, options: ServicePortsOptions = {}): ProxyServicePort[] {
  const out: ProxyServicePort[] = [];
  for (const svc of services) {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    out.push(...servicePorts(svc, slicesByService.get(key) ?? [], options));
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

function compareIp(a: string, b: string): number {
  return ipv4Number(a) - ipv4Number(b);
}

/** A dotted IPv4 address as a number, read without allocating (sorts run per sync over every endpoint). */
function ipv4Number(ip: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return value * 256 + octet;
}
