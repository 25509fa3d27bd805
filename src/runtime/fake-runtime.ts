import { RuntimeError } from './runtime-error.js';
import { normalizeImageRef } from './image-ref.js';
import { sandboxIdFor } from './pod-files.js';
import { containerLabels } from './container-args.js';
import type {
  ContainerInfo, ContainerRuntime, ContainerSpec, ContainerStats, ContainerStatus, ExecOptions, ImageInfo,
  ImageStatus, PullOptions, Sandbox, SandboxInfo, SandboxSpec,
} from './types.js';

interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  info: ContainerInfo;
  status: ContainerStatus;
}

export type ExecHandler = (id: string, cmd: string[], options: ExecOptions) => number | Promise<number>;

export interface FakeRuntimeOptions {
  /** First three octets of the pod /24 (default `10.42.0`). */
  podNet?: string;
  nodeIp?: string;
  /** Images present from the start (pulls of any other ref succeed unless `unpullable`). */
  images?: string[];
  unpullable?: string[];
  now?: () => Date;
}

/**
 * In-memory ContainerRuntime: containers "run" at once and keep running until a test calls
 * `exitContainer`/`oomKill`, or they are stopped. Every call is recorded in `calls`.
 */
export class FakeRuntime implements ContainerRuntime {
  readonly calls: { op: string; arg?: string }[] = [];
  readonly #images = new Map<string, ImageInfo>();
  readonly #sandboxes = new Map<string, SandboxInfo>();
  readonly #containers = new Map<string, FakeContainer>();
  readonly #failures = new Map<string, Error[]>();
  readonly #o: Required<Omit<FakeRuntimeOptions, 'images'>>;
  #nextIp = 2;
  #nextId = 1;
  #pid = 1000;
  execHandler: ExecHandler = () => 0;
  /** Exit code of a container sent TERM (`undefined`: it ignores TERM and needs KILL). */
  termExitCode: number | undefined = 143;

  constructor(options: FakeRuntimeOptions = {}) {
    this.#o = { podNet: '10.42.0', nodeIp: '192.168.0.10', unpullable: [], now: () => new Date(), ...options };
    for (const ref of options.images ?? []) this.#addImage(normalizeImageRef(ref));
  }

  /** The next call of `op` (a method name) throws `error`. */
  failNext(op: keyof ContainerRuntime, error: Error = new RuntimeError(String(op), 'fake target', undefined, 'injected failure')): void {
    this.#failures.set(op, [...(this.#failures.get(op) ?? []), error]);
  }

  /** Makes a running container exit with `code` (reason Completed/Error unless given). */
  exitContainer(id: string, code: number, reason?: ContainerStatus['reason']): void {
    const c = this.#get(id, 'exit');
    c.status = { id, state: 'exited', exitCode: code, startedAt: c.status.startedAt, finishedAt: this.#o.now().toISOString(), reason: reason ?? (code === 0 ? 'Completed' : 'Error') };
  }

  oomKill(id: string): void {
    this.exitContainer(id, 137, 'OOMKilled');
  }

  /** The spec a container was created with (for assertions). */
  specOf(id: string): ContainerSpec {
    return this.#get(id, 'inspect').spec;
  }

  async listImages(): Promise<ImageInfo[]> {
    this.#enter('listImages');
    return [...this.#images.values()];
  }
  async pullImage(ref: string, options: PullOptions = {}): Promise<ImageInfo> {
    this.#enter('pullImage', ref);
    const full = normalizeImageRef(ref);
    if (this.#o.unpullable.map(normalizeImageRef).includes(full)) throw new RuntimeError('pull', `image "${full}"`, undefined, 'not found');
    options.onProgress?.(`${full}: resolved`);
    return this.#images.get(full) ?? this.#addImage(full);
  }
  async importImages(path: string): Promise<string[]> {
    this.#enter('importImages', path);
    return [];
  }
  async removeImage(ref: string): Promise<void> {
    this.#enter('removeImage', ref);
    this.#images.delete(normalizeImageRef(ref));
  }
  async imageStatus(ref: string): Promise<ImageStatus> {
    this.#enter('imageStatus', ref);
    const full = normalizeImageRef(ref);
    const image = this.#images.get(full);
    return image ? { present: true, ref: full, id: image.digest, digest: image.digest } : { present: false, ref: full };
  }

  async createSandbox(pod: SandboxSpec): Promise<Sandbox> {
    this.#enter('createSandbox', `${pod.namespace}/${pod.name}`);
    const id = sandboxIdFor(pod.uid);
    const existing = this.#sandboxes.get(id);
    if (existing) return { id, netnsPath: existing.netnsPath, ip: existing.ip, ips: existing.ips };
    const ip = pod.hostNetwork ? this.#o.nodeIp : `${this.#o.podNet}.${this.#nextIp++}`;
    const netnsPath = pod.hostNetwork ? '' : `/var/run/netns/${id}`;
    this.#sandboxes.set(id, {
      id, netnsPath, ip, ips: [ip], uid: pod.uid, namespace: pod.namespace, name: pod.name,
      hostNetwork: pod.hostNetwork, hostname: pod.hostname, createdAt: this.#o.now().toISOString(),
    });
    return { id, netnsPath, ip, ips: [ip] };
  }
  async removeSandbox(id: string): Promise<void> {
    this.#enter('removeSandbox', id);
    this.#sandboxes.delete(id);
  }
  async listSandboxes(filter: { uid?: string } = {}): Promise<SandboxInfo[]> {
    this.#enter('listSandboxes');
    return [...this.#sandboxes.values()].filter((s) => filter.uid === undefined || s.uid === filter.uid).map((s) => ({ ...s }));
  }

  async createContainer(sandbox: Sandbox, spec: ContainerSpec): Promise<string> {
    this.#enter('createContainer', spec.name);
    const record = this.#sandboxes.get(sandbox.id);
    const target = `container "${spec.name}" in sandbox "${sandbox.id}"`;
    if (!record) throw new RuntimeError('create', target, undefined, 'sandbox not found');
    const image = normalizeImageRef(spec.image);
    if (!this.#images.has(image)) throw new RuntimeError('create', target, undefined, `image "${image}" not found`);
    const id = `${spec.name}-${this.#nextId++}`;
    const info = { id, image, labels: containerLabels(record, spec) };
    this.#containers.set(id, { id, spec: structuredClone(spec), info, status: { id, state: 'created' } });
    return id;
  }
  async startContainer(id: string): Promise<void> {
    this.#enter('startContainer', id);
    const c = this.#get(id, 'start');
    if (c.status.state !== 'created') throw new RuntimeError('start', `container "${id}"`, undefined, `it is ${c.status.state}`);
    c.status = { id, state: 'running', pid: this.#pid++, startedAt: this.#o.now().toISOString() };
  }
  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    this.#enter('stopContainer', `${id}:${graceSeconds}`);
    const c = this.#get(id, 'stop');
    if (c.status.state !== 'running') return;
    this.exitContainer(id, this.termExitCode ?? 137, 'Error');
  }
  async removeContainer(id: string): Promise<void> {
    this.#enter('removeContainer', id);
    this.#containers.delete(id);
  }
  async listContainers(filter: { labels?: Record<string, string> } = {}): Promise<ContainerInfo[]> {
    this.#enter('listContainers');
    const want = Object.entries(filter.labels ?? {});
    return [...this.#containers.values()]
      .filter((c) => want.every(([k, v]) => c.info.labels[k] === v))
      .map((c) => structuredClone(c.info));
  }
  async containerStatus(id: string): Promise<ContainerStatus> {
    this.#enter('containerStatus', id);
    return { ...this.#get(id, 'inspect').status };
  }
  async exec(id: string, cmd: string[], options: ExecOptions = {}): Promise<number> {
    this.#enter('exec', `${id}:${cmd.join(' ')}`);
    const c = this.#get(id, 'exec in');
    if (c.status.state !== 'running') throw new RuntimeError('exec in', `container "${id}"`, undefined, 'container is not running');
    return this.execHandler(id, cmd, options);
  }
  async stats(id: string): Promise<ContainerStats> {
    this.#enter('stats', id);
    const c = this.#get(id, 'read stats of');
    return { cpuUsageNanos: 0, memoryBytes: c.status.state === 'running' ? 1 << 20 : 0 };
  }

  #addImage(ref: string): ImageInfo {
    const hex = Buffer.from(ref).toString('hex').padEnd(64, '0').slice(0, 64);
    const image = { ref, digest: `sha256:${hex}` };
    this.#images.set(ref, image);
    return image;
  }

  #get(id: string, operation: string): FakeContainer {
    const c = this.#containers.get(id);
    if (!c) throw new RuntimeError(operation, `container "${id}"`, undefined, 'not found');
    return c;
  }

  #enter(op: keyof ContainerRuntime, arg?: string): void {
    this.calls.push({ op, arg });
    const queue = this.#failures.get(op);
    const error = queue?.shift();
    if (queue && !queue.length) this.#failures.delete(op);
    if (error) throw error;
  }
}
