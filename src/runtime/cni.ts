import { execa } from 'execa';
import type { PortMapping } from './types.js';
import { RuntimeError } from './runtime-error.js';

export interface CniOptions {
  /** The node's pod CIDR, e.g. `10.42.0.0/24`. */
  podCidr: string;
  bridge?: string;
  networkName?: string;
  /** Where host-local keeps its leases. */
  dataDir: string;
  pluginDir?: string;
  mtu?: number;
}

interface CniResult {
  cniVersion?: string;
  ips?: { address: string }[];
  [key: string]: unknown;
}

const VERSION = '1.0.0';

/** Invokes the CNI plugins directly (no libcni): bridge + host-local + portmap, and loopback. */
export class CniNetwork {
  readonly #o: Required<Omit<CniOptions, 'mtu'>> & { mtu?: number };
  constructor(options: CniOptions) {
    this.#o = {
      ...options, bridge: options.bridge ?? 'mk8s0', networkName: options.networkName ?? 'mk8s', pluginDir: options.pluginDir ?? '/usr/lib/cni',
    };
  }

  get bridge(): string {
    return this.#o.bridge;
  }

  /** The conflist as libcni would read it (for inspection and for writing to /etc/cni). */
  conflist(): { cniVersion: string; name: string; plugins: Record<string, unknown>[] } {
    const o = this.#o;
    return {
      cniVersion: VERSION,
      name: o.networkName,
      plugins: [
        {
          type: 'bridge', bridge: o.bridge, isGateway: true, ipMasq: false, hairpinMode: true,
          ...(o.mtu ? { mtu: o.mtu } : {}),
          ipam: { type: 'host-local', ranges: [[{ subnet: o.podCidr }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: o.dataDir },
        },
        { type: 'portmap', capabilities: { portMappings: true }, snat: true },
      ],
    };
  }

  /** ADD: loopback up, then the chain; returns the final result (keep it for DEL). */
  async add(containerId: string, netnsPath: string, ports: PortMapping[]): Promise<{ ips: string[]; result: CniResult }> {
    await this.#invoke('ADD', { cniVersion: VERSION, name: 'cni-loopback', type: 'loopback' }, containerId, netnsPath, 'lo');
    let prev: CniResult | undefined;
    for (const plugin of this.#chain(ports)) {
      prev = await this.#invoke('ADD', { ...plugin, ...(prev ? { prevResult: prev } : {}) }, containerId, netnsPath, 'eth0');
    }
    const ips = (prev?.ips ?? []).map((i) => i.address.split('/')[0]!);
    return { ips, result: prev ?? {} };
  }

  /** DEL in reverse order; tolerant of a netns that is already gone. */
  async del(containerId: string, netnsPath: string, ports: PortMapping[], prevResult?: CniResult): Promise<void> {
    const chain = this.#chain(ports).reverse();
    for (const plugin of chain) {
      await this.#invoke('DEL', { ...plugin, ...(prevResult ? { prevResult } : {}) }, containerId, netnsPath, 'eth0');
    }
  }

  #chain(ports: PortMapping[]): Record<string, unknown>[] {
    const list = this.conflist();
    const portMappings = ports.filter((p) => p.hostPort > 0).map((p) => ({
      hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol.toLowerCase(),
    }));
    return list.plugins
      .filter((p) => p.type !== 'portmap' || portMappings.length > 0)
      .map((p) => {
        const { capabilities: _caps, ...rest } = p;
        return {
          cniVersion: VERSION, name: list.name, ...rest,
          ...(p.type === 'portmap' ? { runtimeConfig: { portMappings } } : {}),
        };
      });
  }

  async #invoke(command: 'ADD' | 'DEL', config: Record<string, unknown>, containerId: string, netnsPath: string, ifname: string): Promise<CniResult> {
    const type = String(config.type);
    try {
      const { stdout } = await execa(`${this.#o.pluginDir}/${type}`, [], {
        input: JSON.stringify(config),
        env: {
          CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: netnsPath,
          CNI_IFNAME: ifname, CNI_PATH: this.#o.pluginDir,
        },
        timeout: 30_000,
      });
      return stdout.trim() ? (JSON.parse(stdout) as CniResult) : {};
    } catch (error) {
      const detail = cniErrorMessage(error);
      throw new RuntimeError(`run CNI ${type} ${command} for`, `sandbox "${containerId}"`, error, detail);
    }
  }
}

function cniErrorMessage(error: unknown): string | undefined {
  const stdout = (error as { stdout?: unknown }).stdout;
  if (typeof stdout !== 'string' || !stdout.trim().startsWith('{')) return undefined;
  try {
    const e = JSON.parse(stdout) as { msg?: string; details?: string };
    return [e.msg, e.details].filter(Boolean).join(': ');
  } catch {
    return undefined;
  }
}
