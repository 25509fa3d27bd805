/**
 * In-memory view of what cluster DNS answers from: Services, EndpointSlices (grouped by their
 * `kubernetes.io/service-name` label) and Pods. Fed by the list+watch loops, or directly by tests.
 * Objects are projected to the few fields DNS needs; API objects are never kept or mutated.
 */
import type { Obj } from '../types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
}

export interface ServiceEntry {
  namespace: string;
  name: string;
  /** `None` services have none. */
  clusterIps: string[];
  headless: boolean;
  externalName?: string;
  ports: ServicePort[];
  publishNotReadyAddresses: boolean;
}

export interface EndpointEntry {
  addresses: string[];
  ready: boolean;
  hostname?: string;
  /** `namespace/name` of the pod behind it, when the slice says. */
  pod?: string;
}

export interface SliceEntry {
  service: string;
  addressType: string;
  endpoints: EndpointEntry[];
  ports: ServicePort[];
}

export interface PodEntry {
  namespace: string;
  name: string;
  ips: string[];
  hostname?: string;
  subdomain?: string;
}

export type WatchedKind = 'services' | 'endpointslices' | 'pods';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class ClusterIndex {
  readonly #services = new Map<string, ServiceEntry>();
  readonly #slices = new Map<string, SliceEntry>();
  readonly #slicesByService = new Map<string, Set<string>>();
  readonly #pods = new Map<string, PodEntry>();
  readonly #podsByIp = new Map<string, Set<string>>();
  readonly #servicesByIp = new Map<string, string>();
  readonly #namespaces = new Map<string, number>();
  #generation = 0;

  /** Bumped by every change: answers computed at an older generation are stale. */
  get generation(): number {
    return this.#generation;
  }

  /** Replaces everything of one kind (a full list). */
  replace(kind: WatchedKind, items: Obj[]): void {
    const keep = new Set(items.map(keyOf));
    const current = kind === 'services' ? this.#services : kind === 'pods' ? this.#pods : this.#slices;
    for (const key of [...current.keys()]) if (!keep.has(key)) this.#remove(kind, key);
    for (const item of items) this.apply(kind, 'MODIFIED', item);
  }

  /** One watch event. */
  apply(kind: WatchedKind, type: EventType, obj: Obj): void {
    const key = keyOf(obj);
    this.#generation += 1;
    this.#remove(kind, key);
    if (type === 'DELETED') return;
    if (kind === 'services') this.#addService(key, obj);
    else if (kind === 'endpointslices') this.#addSlice(key, obj);
    else this.#addPod(key, obj);
  }

  service(namespace: string, name: string): ServiceEntry | undefined {
    return this.#services.get(`${namespace}/${name}`);
  }

  /** Whether any service lives in `namespace`. */
  hasNamespace(namespace: string): boolean {
    return (this.#namespaces.get(namespace) ?? 0) > 0;
  }

  /** The slices of a service. */
  slices(namespace: string, name: string): SliceEntry[] {
    const keys = this.#slicesByService.get(`${namespace}/${name}`);
    return keys ? [...keys].map((k) => this.#slices.get(k)!) : [];
  }

  serviceByIp(ip: string): ServiceEntry | undefined {
    const key = this.#servicesByIp.get(ip);
    return key ? this.#services.get(key) : undefined;
  }

  podsByIp(ip: string): PodEntry[] {
    return [...(this.#podsByIp.get(ip) ?? [])].map((k) => this.#pods.get(k)!);
  }

  /** The pod with this hostname and subdomain in `namespace`. */
  podByHostname(namespace: string, subdomain: string, hostname: string): PodEntry | undefined {
    for (const p of this.#pods.values()) if (p.namespace === namespace && p.subdomain === subdomain && p.hostname === hostname) return p;
    return undefined;
  }

  get sizes(): { services: number; endpointSlices: number; pods: number } {
    return { services: this.#services.size, endpointSlices: this.#slices.size, pods: this.#pods.size };
  }

  #addService(key: string, obj: Obj): void {
    const spec = obj.spec ?? {};
    const ips: string[] = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip: string) => ip && ip !== 'None');
    const entry: ServiceEntry = {
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      clusterIps: ips,
      headless: spec.clusterIP === 'None',
      externalName: spec.type === 'ExternalName' && spec.externalName ? String(spec.externalName).replace(/\.$/, '') : undefined,
      ports: (spec.ports ?? []).map((p: Obj) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
      publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    };
    this.#services.set(key, entry);
    this.#namespaces.set(entry.namespace, (this.#namespaces.get(entry.namespace) ?? 0) + 1);
    for (const ip of ips) this.#servicesByIp.set(ip, key);
  }

  #addSlice(key: string, obj: Obj): void {
    const name = obj.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!name) return;
    const service = `${obj.metadata.namespace}/${name}`;
    const entry: SliceEntry = {
      service,
      addressType: obj.addressType ?? 'IPv4',
      endpoints: (obj.endpoints ?? []).map((e: Obj) => ({
        addresses: e.addresses ?? [],
        ready: e.conditions?.ready !== false,
        hostname: e.hostname,
        pod: e.targetRef?.kind === 'Pod' ? `${e.targetRef.namespace ?? obj.metadata.namespace}/${e.targetRef.name}` : undefined,
      })),
      ports: (obj.ports ?? []).map((p: Obj) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
    };
    this.#slices.set(key, entry);
    let set = this.#slicesByService.get(service);
    if (!set) this.#slicesByService.set(service, (set = new Set()));
    set.add(key);
  }

  #addPod(key: string, obj: Obj): void {
    const status = obj.status ?? {};
    const ips: string[] = (status.podIPs ?? []).map((p: Obj) => p.ip).filter(Boolean);
    if (ips.length === 0 && status.podIP) ips.push(status.podIP);
    // Host-network pods share the node's address: they get no pod records.
    if (obj.spec?.hostNetwork) ips.length = 0;
    const entry: PodEntry = { namespace: obj.metadata.namespace, name: obj.metadata.name, ips, hostname: obj.spec?.hostname, subdomain: obj.spec?.subdomain };
    this.#pods.set(key, entry);
    for (const ip of ips) {
      let set = this.#podsByIp.get(ip);
      if (!set) this.#podsByIp.set(ip, (set = new Set()));
      set.add(key);
    }
  }

  #remove(kind: WatchedKind, key: string): void {
    if (kind === 'services') {
      const old = this.#services.get(key);
      if (!old) return;
      this.#services.delete(key);
      const n = (this.#namespaces.get(old.namespace) ?? 1) - 1;
      if (n > 0) this.#namespaces.set(old.namespace, n);
      else this.#namespaces.delete(old.namespace);
      for (const ip of old.clusterIps) if (this.#servicesByIp.get(ip) === key) this.#servicesByIp.delete(ip);
    } else if (kind === 'endpointslices') {
      const old = this.#slices.get(key);
      if (!old) return;
      this.#slices.delete(key);
      const set = this.#slicesByService.get(old.service);
      set?.delete(key);
      if (set?.size === 0) this.#slicesByService.delete(old.service);
    } else {
      const old = this.#pods.get(key);
      if (!old) return;
      this.#pods.delete(key);
      for (const ip of old.ips) {
        const set = this.#podsByIp.get(ip);
        set?.delete(key);
        if (set?.size === 0) this.#podsByIp.delete(ip);
      }
    }
  }
}

function keyOf(obj: Obj): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
