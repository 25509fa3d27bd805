import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import type { CniNetwork } from './cni.js';
import { RuntimeError } from './runtime-error.js';
import { renderHosts, renderResolvConf, sandboxIdFor } from './pod-files.js';
import type { Sandbox, SandboxInfo, SandboxSpec } from './types.js';

interface SandboxRecord extends SandboxInfo {
  ports: SandboxSpec['ports'];
  cniResult?: Record<string, unknown>;
}

export interface SandboxManagerOptions {
  stateDir: string;
  cni: CniNetwork;
  /** The address host-network pods report. */
  nodeIp: string;
  netnsDir?: string;
  /** The node's resolv.conf, given to pods that use the node's DNS (default /etc/resolv.conf). */
  resolvConf?: string;
}

/**
 * A pod sandbox without a pause container: a named network namespace wired by CNI, a persisted
 * UTS namespace holding the pod's hostname, and the pod's hosts/resolv.conf/hostname files.
 */
export class SandboxManager {
  readonly #o: Required<SandboxManagerOptions>;
  constructor(options: SandboxManagerOptions) {
    this.#o = { ...options, netnsDir: options.netnsDir ?? '/var/run/netns', resolvConf: options.resolvConf ?? '/etc/resolv.conf' };
  }

  dir(id: string): string {
    return `${this.#o.stateDir}/sandboxes/${id}`;
  }

  utsPath(id: string): string {
    return `${this.dir(id)}/uts`;
  }

  async create(pod: SandboxSpec): Promise<Sandbox> {
    const id = sandboxIdFor(pod.uid);
    const target = `sandbox "${id}" of pod "${pod.namespace}/${pod.name}"`;
    const existing = await this.get(id);
    if (existing && (existing.hostNetwork || (existing.cniResult && existsSync(existing.netnsPath)))) return pick(existing);
    // A record left by a failed create (CNI ADD failed, netns gone): clean it and start over.
    if (existing) await this.remove(id).catch(() => rm(this.dir(id), { recursive: true, force: true }));
    const dir = this.dir(id);
    await mkdir(dir, { recursive: true });
    let record: SandboxRecord = {
      id, uid: pod.uid, namespace: pod.namespace, name: pod.name, hostNetwork: pod.hostNetwork, hostname: pod.hostname,
      netnsPath: '', ip: this.#o.nodeIp, ips: [this.#o.nodeIp], ports: pod.ports, createdAt: new Date().toISOString(),
    };
    try {
      if (!pod.hostNetwork) {
        await run('create the network namespace of', target, 'ip', ['netns', 'add', id]);
        const netnsPath = `${this.#o.netnsDir}/${id}`;
        record = { ...record, netnsPath };
        await this.#save(record); // so that a failed ADD is still cleaned up by remove()
        await writeFile(`${dir}/uts`, '');
        await run('create the UTS namespace of', target, 'unshare', [`--uts=${dir}/uts`, 'hostname', pod.hostname]);
        const { ips, result } = await this.#o.cni.add(id, netnsPath, pod.ports);
        record = { ...record, ip: ips[0] ?? '', ips, cniResult: result };
      }
      const hostResolv = await readFile(this.#o.resolvConf, 'utf8').catch(() => '');
      await writeFile(`${dir}/resolv.conf`, renderResolvConf(pod.dnsConfig, hostResolv));
      await writeFile(`${dir}/hosts`, renderHosts(pod.hostname, record.ips));
      await writeFile(`${dir}/hostname`, `${pod.hostname}\n`);
      await this.#save(record);
      return pick(record);
    } catch (error) {
      await this.remove(id).catch(() => undefined);
      throw error instanceof RuntimeError ? error : new RuntimeError('create', target, error);
    }
  }

  async remove(id: string): Promise<void> {
    const record = await this.get(id);
    const target = `sandbox "${id}"${record ? ` of pod "${record.namespace}/${record.name}"` : ''}`;
    const netnsPath = record?.netnsPath || `${this.#o.netnsDir}/${id}`;
    const errors: unknown[] = [];
    const step = async (fn: () => Promise<unknown>) => fn().catch((e: unknown) => void errors.push(e));
    if (!record?.hostNetwork) {
      // Every step runs even when an earlier one failed, so nothing is left behind.
      await step(() => this.#o.cni.del(id, existsSync(netnsPath) ? netnsPath : '', record?.ports ?? [], record?.cniResult));
      if (existsSync(netnsPath)) await step(() => run('delete the network namespace of', target, 'ip', ['netns', 'delete', id]));
      const uts = this.utsPath(id);
      if (existsSync(uts)) await step(() => execa('umount', [uts], { reject: false }));
    }
    if (errors.length) throw errors[0] instanceof RuntimeError ? errors[0] : new RuntimeError('remove', target, errors[0]);
    await rm(this.dir(id), { recursive: true, force: true });
  }

  async get(id: string): Promise<SandboxRecord | undefined> {
    try {
      return JSON.parse(await readFile(`${this.dir(id)}/sandbox.json`, 'utf8')) as SandboxRecord;
    } catch {
      return undefined;
    }
  }

  /** `uid`: only that pod's sandbox, whose id follows from it (one file read, not one per sandbox). */
  async list(filter: { uid?: string } = {}): Promise<SandboxInfo[]> {
    const ids = filter.uid !== undefined ? idsFor(filter.uid) : await readdir(`${this.#o.stateDir}/sandboxes`).catch(() => [] as string[]);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is SandboxRecord => !!r && (filter.uid === undefined || r.uid === filter.uid)).map(({ ports: _p, cniResult: _c, ...info }) => info);
  }

  async #save(record: SandboxRecord): Promise<void> {
    await writeFile(`${this.dir(record.id)}/sandbox.json`, JSON.stringify(record, null, 2));
  }
}

/** The sandbox id of a pod uid, none when no id can be derived from it (no sandbox was made). */
function idsFor(uid: string): string[] {
  try {
    return [sandboxIdFor(uid)];
  } catch {
    return [];
  }
}

function pick(r: SandboxRecord): Sandbox {
  return { id: r.id, netnsPath: r.netnsPath, ip: r.ip, ips: r.ips };
}

async function run(operation: string, target: string, file: string, args: string[]): Promise<void> {
  try {
    await execa(file, args, { timeout: 30_000 });
  } catch (error) {
    throw new RuntimeError(operation, target, error);
  }
}
