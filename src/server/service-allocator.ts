import { InvalidError, type StatusCause } from '../errors.js';

type Obj = Record<string, any>;

/** IPv4 CIDR → [first, last] as numbers. */
export function parseCidr(cidr: string): { base: number; size: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR ${JSON.stringify(cidr)}`);
  const bits = Number(m[5]);
  const ip = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), size };
}

export function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function ipToNumber(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m || m.slice(1).some((p) => Number(p) > 255)) return undefined;
  return ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
}

/**
 * ClusterIPs from the service CIDR and NodePorts from the node-port range, allocated at
 * admission: requested values are honoured when free and in range, duplicates and
 * out-of-range values are 422. What is in use is read from the live Services, so a delete
 * releases its addresses with nothing else to update.
 */
export class ServiceAllocator {
  #cidr: { base: number; size: number };
  #ports: [number, number];
  #services: () => Obj[];
  #nextIp = 0;
  #nextPort = 0;

  constructor(serviceCidr: string, nodePortRange: string, services: () => Obj[]) {
    this.#cidr = parseCidr(serviceCidr);
    const [lo, hi] = nodePortRange.split('-').map(Number);
    this.#ports = [lo, hi];
    this.#services = services;
  }

  /** The `kubernetes` service's address: the first of the range. */
  get apiServerIp(): string {
    return ipToString(this.#cidr.base + 1);
  }

  allocate(svc: Obj, old?: Obj): void {
    const spec = (svc.spec ??= {});
    const causes: StatusCause[] = [];
    const others = this.#services().filter((s) => s.metadata.uid !== svc.metadata.uid);
    const usedIps = new Set(others.map((s) => s.spec?.clusterIP).filter((ip) => ip && ip !== 'None'));
    const usedPorts = new Set(others.flatMap((s) => (s.spec?.ports ?? []).map((p: Obj) => p.nodePort)).filter(Boolean));
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (old?.spec?.clusterIP && (spec.clusterIP === undefined || spec.clusterIP === old.spec.clusterIP)) {
      spec.clusterIP = old.spec.clusterIP;
    } else if (old?.spec?.clusterIP && spec.clusterIP !== old.spec.clusterIP) {
      causes.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: `Invalid value: ${JSON.stringify([spec.clusterIP])}: may not change once set` });
    } else if (spec.clusterIP === 'None') {
      // headless
    } else if (spec.clusterIP) {
      const n = ipToNumber(spec.clusterIP);
      if (n === undefined || n <= this.#cidr.base || n >= this.#cidr.base + this.#cidr.size - 1) {
        causes.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ${JSON.stringify([spec.clusterIP])}: failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${ipToString(this.#cidr.base)}/${32 - Math.log2(this.#cidr.size)}` });
      } else if (usedIps.has(spec.clusterIP)) {
        causes.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ${JSON.stringify([spec.clusterIP])}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` });
      }
    } else {
      spec.clusterIP = this.#freeIp(usedIps);
    }
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    const needsNodePort = type === 'NodePort' || type === 'LoadBalancer';
    const oldPorts = new Map<string, number>((old?.spec?.ports ?? []).map((p: Obj) => [`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort]));
    (spec.ports ?? []).forEach((p: Obj, i: number) => {
      if (!needsNodePort) {
        if (p.nodePort && type !== 'ClusterIP') return;
        delete p.nodePort;
        return;
      }
      const previous = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
      if (!p.nodePort && previous) p.nodePort = previous;
      if (p.nodePort) {
        if (p.nodePort === previous) return;
        if (p.nodePort < this.#ports[0] || p.nodePort > this.#ports[1]) {
          causes.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${this.#ports[0]}-${this.#ports[1]}` });
        } else if (usedPorts.has(p.nodePort)) {
          causes.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is already allocated` });
        }
        usedPorts.add(p.nodePort);
        return;
      }
      p.nodePort = this.#freePort(usedPorts);
      usedPorts.add(p.nodePort);
    });
    if (causes.length) throw new InvalidError('Service', '', svc.metadata?.name ?? '', causes);
  }

  #freeIp(used: Set<string>): string {
    const usable = this.#cidr.size - 2;
    for (let i = 0; i < usable; i++) {
      const offset = ((this.#nextIp + i) % usable) + 1;
      const ip = ipToString(this.#cidr.base + offset);
      // .1 is the API server's and .10 the cluster DNS's (k3s's layout).
      if (offset === 1 || offset === 10 || used.has(ip)) continue;
      this.#nextIp = offset;
      return ip;
    }
    throw new InvalidError('Service', '', '', [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: 'range is full' }]);
  }

  #freePort(used: Set<number>): number {
    const [lo, hi] = this.#ports;
    const n = hi - lo + 1;
    for (let i = 0; i < n; i++) {
      const port = lo + ((this.#nextPort + i) % n);
      if (!used.has(port)) {
        this.#nextPort = port - lo + 1;
        return port;
      }
    }
    throw new InvalidError('Service', '', '', [{ type: 'FieldValueInvalid', field: 'spec.ports', message: 'node port range is full' }]);
  }
}
