/**
 * Answers questions about the cluster domain from a ClusterIndex, as the Kubernetes DNS
 * specification and k3s's CoreDNS (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure;
 * fallthrough in-addr.arpa ip6.arpa }`) do. `undefined`: not ours, forward it.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ClusterIndex, EndpointEntry, ServiceEntry } from './cluster-index.js';
import { RecordClass, RecordType, Rcode, type Question, type ResourceRecord, type SoaData } from './dns-types.js';
import { shortenIpv6 } from './ipv6-text.js';

export interface ClusterAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
  /** An ExternalName target outside the cluster whose addresses should follow the CNAME. */
  chase?: string;
}

export interface ResolveOptions {
  domain: string;
  /** TTL of every cluster record (k3s's CoreDNS: 5). */
  ttl: number;
  /** Answer `<a-b-c-d>.<ns>.pod` only for pods that exist (CoreDNS `pods verified`); default: any address (`pods insecure`, k3s). */
  verifyPods?: boolean;
  /** SOA serial (default: start time in seconds). */
  serial?: number;
}

export function resolveCluster(index: ClusterIndex, q: Question, options: ResolveOptions): ClusterAnswer | undefined {
  const name = q.name.toLowerCase().replace(/\.$/, '');
  const domain = options.domain.toLowerCase();
  if (name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa')) return reverse(index, q, name, options);
  if (name !== domain && !name.endsWith('.' + domain)) return undefined;
  const labels = name === domain ? [] : name.slice(0, -domain.length - 1).split('.');
  const out = new Answers(q, options);
  const zone = labels[labels.length - 1];
  if (labels.length === 0) {
    if (q.type === RecordType.SOA) out.answers.push(out.rr(q.name, RecordType.SOA, out.soa().data));
    if (q.type === RecordType.NS) out.answers.push(out.rr(q.name, RecordType.NS, `ns.dns.${domain}`));
    return out.done();
  }
  if (zone === 'svc') return service(index, labels.slice(0, -1), out);
  if (zone === 'pod') return pod(index, labels.slice(0, -1), out);
  return out.nxdomain();
}

class Answers {
  readonly q: Question;
  readonly o: ResolveOptions;
  readonly answers: ResourceRecord[] = [];
  readonly additionals: ResourceRecord[] = [];
  chase?: string;

  constructor(q: Question, o: ResolveOptions) {
    this.q = q;
    this.o = o;
  }

  rr(name: string, type: number, data: ResourceRecord['data']): ResourceRecord {
    return { name, type, class: RecordClass.IN, ttl: this.o.ttl, data };
  }

  /** A or AAAA records of `ips` for the question name, per the question type. */
  addresses(ips: string[], name = this.q.name, into = this.answers): void {
    const v6 = this.q.type === RecordType.AAAA;
    if (this.q.type !== RecordType.A && !v6 && this.q.type !== RecordType.ANY) return;
    for (const ip of ips) {
      if (v6 ? isIPv6(ip) : isIPv4(ip)) into.push(this.rr(name, v6 ? RecordType.AAAA : RecordType.A, ip));
    }
  }

  soa(): ResourceRecord {
    const d = this.o.domain;
    const data: SoaData = { mname: `ns.dns.${d}`, rname: `hostmaster.${d}`, serial: this.o.serial ?? SERIAL, refresh: 7200, retry: 1800, expire: 86400, minimum: this.o.ttl };
    return { name: d, type: RecordType.SOA, class: RecordClass.IN, ttl: this.o.ttl, data };
  }

  /** The name exists: its records of the asked type, or none (with the SOA, for negative caching). */
  done(): ClusterAnswer {
    const authorities = this.answers.length ? [] : [this.soa()];
    return { rcode: Rcode.NOERROR, answers: this.answers, authorities, additionals: this.additionals, chase: this.chase };
  }

  nxdomain(): ClusterAnswer {
    return { rcode: Rcode.NXDOMAIN, answers: [], authorities: [this.soa()], additionals: [] };
  }
}

const SERIAL = Math.floor(Date.now() / 1000) >>> 0;

function service(index: ClusterIndex, labels: string[], out: Answers): ClusterAnswer {
  const { q, o } = out;
  if (labels.length === 0) return out.done(); // svc.<domain>
  const ns = labels[labels.length - 1]!;
  if (labels.length === 1) return index.hasNamespace(ns) ? out.done() : out.nxdomain();
  const svc = index.service(ns, labels[labels.length - 2]!);
  if (!svc) return out.nxdomain();
  if (labels.length === 2) {
    if (svc.externalName) {
      out.answers.push(out.rr(q.name, RecordType.CNAME, svc.externalName));
      if (q.type !== RecordType.CNAME) out.chase = svc.externalName;
      return out.done();
    }
    if (q.type === RecordType.SRV) {
      for (const p of svc.ports) srvRecords(index, svc, p.name, p.protocol, out);
      return out.done();
    }
    out.addresses(svc.headless ? endpoints(index, svc).flatMap((e) => e.addresses) : svc.clusterIps);
    return out.done();
  }
  // _<port>._<proto>.<svc>.<ns>.svc
  if (labels.length === 4 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
    const portName = labels[0]!.slice(1);
    const proto = labels[1]!.slice(1);
    if (!svc.ports.some((p) => p.name?.toLowerCase() === portName && p.protocol.toLowerCase() === proto)) return out.nxdomain();
    if (q.type === RecordType.SRV) srvRecords(index, svc, portName, proto, out);
    return out.done();
  }
  // <hostname or a-b-c-d>.<svc>.<ns>.svc
  if (labels.length === 3) {
    const host = labels[0]!;
    const ips = endpoints(index, svc).filter((e) => endpointName(e) === host).flatMap((e) => e.addresses);
    if (ips.length === 0) {
      const p = index.podByHostname(svc.namespace, svc.name, host);
      if (p && svc.headless) ips.push(...p.ips);
    }
    if (ips.length === 0) return out.nxdomain();
    out.addresses(ips);
    return out.done();
  }
  return out.nxdomain();
}

/** SRV records for one port of a service (and the targets' addresses as additional records). */
function srvRecords(index: ClusterIndex, svc: ServiceEntry, portName: string | undefined, proto: string, out: Answers): void {
  const { q, o } = out;
  const svcName = `${svc.name}.${svc.namespace}.svc.${o.domain}`;
  const port = svc.ports.find((p) => (p.name ?? '').toLowerCase() === (portName ?? '').toLowerCase() && p.protocol.toLowerCase() === proto.toLowerCase());
  if (!port) return;
  const a = new Answers({ ...q, type: RecordType.A }, o);
  if (!svc.headless) {
    out.answers.push(out.rr(q.name, RecordType.SRV, { priority: 0, weight: 100, port: port.port, target: svcName }));
    a.addresses(svc.clusterIps, svcName, out.additionals);
    return;
  }
  const targets: { name: string; port: number; addresses: string[] }[] = [];
  for (const slice of index.slices(svc.namespace, svc.name)) {
    const sp = slice.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol);
    if (!sp) continue;
    for (const e of slice.endpoints) if (e.ready || svc.publishNotReadyAddresses) targets.push({ name: `${endpointName(e)}.${svcName}`, port: sp.port, addresses: e.addresses });
  }
  const weight = targets.length ? Math.max(1, Math.floor(100 / targets.length)) : 0;
  for (const t of targets) {
    out.answers.push(out.rr(q.name, RecordType.SRV, { priority: 0, weight, port: t.port, target: t.name }));
    a.addresses(t.addresses, t.name, out.additionals);
  }
}

function endpoints(index: ClusterIndex, svc: ServiceEntry): EndpointEntry[] {
  return index.slices(svc.namespace, svc.name).flatMap((s) => s.endpoints.filter((e) => e.ready || svc.publishNotReadyAddresses));
}

/** An endpoint's DNS label: its hostname, else its first address dashed. */
function endpointName(e: EndpointEntry): string {
  return (e.hostname ?? (e.addresses[0] ?? '').replace(/[.:]/g, '-')).toLowerCase();
}

function pod(index: ClusterIndex, labels: string[], out: Answers): ClusterAnswer {
  if (labels.length === 0) return out.done();
  const ns = labels[labels.length - 1]!;
  if (labels.length === 1) return out.done();
  if (labels.length !== 2) return out.nxdomain();
  const ip = labels[0]!.replace(/-/g, labels[0]!.split('-').length === 4 ? '.' : ':');
  if (!isIPv4(ip) && !isIPv6(ip)) return out.nxdomain();
  if (out.o.verifyPods && !index.podsByIp(ip).some((p) => p.namespace === ns)) return out.nxdomain();
  out.addresses([ip]);
  return out.done();
}

/** PTR for service ClusterIPs and pod/endpoint IPs; other addresses fall through to the upstreams. */
function reverse(index: ClusterIndex, q: Question, name: string, o: ResolveOptions): ClusterAnswer | undefined {
  const ip = ptrAddress(name);
  if (!ip) return undefined;
  const out = new Answers(q, o);
  const target = ptrTarget(index, ip, o.domain);
  if (!target) return undefined;
  if (q.type === RecordType.PTR || q.type === RecordType.ANY) out.answers.push(out.rr(q.name, RecordType.PTR, target));
  return out.done();
}

function ptrTarget(index: ClusterIndex, ip: string, domain: string): string | undefined {
  const svc = index.serviceByIp(ip);
  if (svc) return `${svc.name}.${svc.namespace}.svc.${domain}`;
  const pods = index.podsByIp(ip);
  if (pods.length === 0) return undefined;
  const p = pods[0]!;
  if (p.hostname && p.subdomain) {
    const headless = index.service(p.namespace, p.subdomain);
    if (headless?.headless) return `${p.hostname}.${p.subdomain}.${p.namespace}.svc.${domain}`;
  }
  return `${ip.replace(/[.:]/g, '-')}.${p.namespace}.pod.${domain}`;
}

/** The address a reverse name stands for (IPv4 only for `in-addr.arpa`; full 32-nibble `ip6.arpa`). */
export function ptrAddress(name: string): string | undefined {
  if (name.endsWith('.in-addr.arpa')) {
    const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reverse().map(Number).join('.');
  }
  const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
  if (nibbles.length !== 32 || nibbles.some((n) => !/^[0-9a-f]$/.test(n))) return undefined;
  const hex = nibbles.reverse().join('');
  const words = hex.match(/.{4}/g)!.map((w) => w.replace(/^0+(?=.)/, ''));
  return canonicalV6(words.join(':'));
}

function canonicalV6(full: string): string {
  // Same shortening as the wire reader so index keys (as the API writes them) match.
  return shortenIpv6(full.split(':'));
}
