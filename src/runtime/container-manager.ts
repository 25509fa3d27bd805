import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { Cgroups } from './cgroups.js';
import { containerLabels, createArgs, STATE_LABELS, userFromLabel, userPrefix } from './container-args.js';
import { Ctr, parseTable } from './ctr.js';
import type { ImageStore } from './image-store.js';
import { normalizeImageRef } from './image-ref.js';
import { RuntimeError } from './runtime-error.js';
import type { SandboxManager } from './sandbox-manager.js';
import { findSetuserBinary, missingSetuserMessage } from './setuser-binary.js';
import type { ContainerInfo, ContainerSpec, ContainerStats, ContainerStatus, ExecOptions, Sandbox } from './types.js';
import { pidAlive, waitFor } from './wait-for.js';

interface Task {
  pid: number;
  status: string;
}

/**
 * How long one `ctr` listing is shared. Changes made here update or drop it at once, so the age
 * only bounds how late an exit nobody caused is seen (the kubelet relists every second too).
 */
const SNAPSHOT_MS = 1_000;

/** Containers as containerd containers + tasks; lifecycle facts live in their labels. */
export class ContainerManager {
  readonly #ctr: Ctr;
  readonly #images: ImageStore;
  readonly #sandboxes: SandboxManager;
  readonly #cgroups: Cgroups;
  readonly #setuser?: string;
  readonly #labels = new Map<string, ContainerInfo>();
  /** Label writes to containerd still under way, per container (in order). */
  readonly #labelWrites = new Map<string, Promise<void>>();
  /** The last failed background label writes (kept for diagnosis; the cache has the values). */
  readonly labelErrors: Error[] = [];
  /** One `ctr tasks ls` / `ctr containers ls` shared by every caller for a short while: pod workers poll often. */
  #tasks?: { at: number; value: Promise<Map<string, Task>> };
  #ids?: { at: number; value: Promise<string[]> };
  /** `setuser`: the helper binary's path when not where the build puts it. */
  constructor(ctr: Ctr, images: ImageStore, sandboxes: SandboxManager, cgroups: Cgroups, setuser?: string) {
    this.#setuser = setuser;
    this.#ctr = ctr;
    this.#images = images;
    this.#sandboxes = sandboxes;
    this.#cgroups = cgroups;
  }

  cgroup(id: string): string {
    return `/${this.#ctr.namespace}/${id}`;
  }

  async create(sandbox: Sandbox, spec: ContainerSpec): Promise<string> {
    const record = await this.#sandboxes.get(sandbox.id);
    const target = `container "${spec.name}" in sandbox "${sandbox.id}"`;
    if (!record) throw new RuntimeError('create', target, undefined, 'sandbox not found');
    const imageRef = normalizeImageRef(spec.image);
    const image = await this.#images.config(imageRef);
    const attempt = spec.attempt ?? 0;
    const id = `${spec.name.slice(0, 40)}-${record.id.slice(5)}-${attempt}-${randomBytes(3).toString('hex')}`;
    let args: string[];
    try {
      const setuserBinary = userPrefix(spec.user).length ? this.#setuserBinary(target) : undefined;
      args = createArgs({ id, sandbox: record, sandboxDir: this.#sandboxes.dir(record.id), spec, image, imageRef, setuserBinary });
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      throw new RuntimeError('create', target, error, (error as Error).message);
    }
    await mkdir(dirname(spec.logPath), { recursive: true });
    await this.#ctr.run('create', `${target} of pod "${record.namespace}/${record.name}"`, args);
    this.#labels.set(id, { id, image: imageRef, labels: containerLabels(record, spec) });
    // A new container with no task yet: add it to the shared container listing (the task listing is unchanged).
    const ids = this.#ids;
    if (ids) ids.value = ids.value.then((list) => (list.includes(id) ? list : [...list, id]));
    return id;
  }

  #setuserBinary(target: string): string {
    const found = findSetuserBinary(this.#setuser);
    if (!found) throw new RuntimeError('create', target, undefined, missingSetuserMessage(this.#setuser));
    return found;
  }

  async start(id: string): Promise<void> {
    const info = await this.#info(id);
    const logPath = info.labels[STATE_LABELS.logPath];
    const args = ['tasks', 'start', '-d', ...(logPath ? ['--log-uri', `file://${logPath}`] : ['--null-io']), id];
    await this.#ctr.run('start', describe(id, info.labels), args);
    // `tasks start -d` returns once the task runs: note it in the shared listing rather than
    // dropping it, so the status read that follows costs no `ctr tasks ls`.
    this.#noteTask(id, { pid: 0, status: 'RUNNING' });
    const shares = Number(info.labels[STATE_LABELS.cpuShares] ?? 0);
    if (shares) await this.#cgroups.setCpuShares(this.cgroup(id), shares).catch(() => undefined);
    // Known here at once; written to containerd behind the start (it matters only after an agent restart).
    this.#label(id, { [STATE_LABELS.startedAt]: new Date().toISOString() }, { background: true });
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    const task = await this.#task(id);
    if (!task || task.status !== 'RUNNING') return;
    const target = describe(id, (await this.#info(id)).labels);
    await this.#mutating(this.#ctr.run('stop', target, ['tasks', 'kill', '-s', 'SIGTERM', id], { reject: false }));
    if (await waitFor(() => !pidAlive(task.pid), graceSeconds * 1000)) return;
    await this.#mutating(this.#ctr.run('kill', target, ['tasks', 'kill', '-a', '-s', 'SIGKILL', id], { reject: false }));
    if (!(await waitFor(() => !pidAlive(task.pid), 10_000))) {
      throw new RuntimeError('stop', target, undefined, `process ${task.pid} survived SIGKILL for 10 s`);
    }
  }

  async remove(id: string): Promise<void> {
    await this.#labelWrites.get(id);
    const task = await this.#task(id);
    if (task) {
      if (task.status === 'RUNNING') await this.stop(id, 0);
      await this.#mutating(this.#ctr.run('delete the task of', `container "${id}"`, ['tasks', 'delete', id], { reject: false }));
    }
    const result = await this.#mutating(this.#ctr.run('remove', `container "${id}"`, ['containers', 'delete', id], { reject: false }));
    if (result.exitCode !== 0 && !/not found/i.test(String(result.stderr))) throw new RuntimeError('remove', `container "${id}"`, result);
    this.#labels.delete(id);
  }

  async list(filter: { labels?: Record<string, string> } = {}): Promise<ContainerInfo[]> {
    const ids = await this.#allIds();
    const keys = Object.keys(filter.labels ?? {});
    const values = keys.map((k) => filter.labels![k]);
    const matches = (info: ContainerInfo) => {
      for (let i = 0; i < keys.length; i++) if (info.labels[keys[i]!] !== values[i]) return false;
      return true;
    };
    // Every pod worker lists on every sync: when every container's labels are cached (the usual
    // case), filter them in place, with no promise or copy per container.
    const out: ContainerInfo[] = [];
    for (let i = 0; i < ids.length; i++) {
      const info = this.#labels.get(ids[i]!);
      if (!info) return (await Promise.all(ids.map((i) => this.#labels.get(i) ?? this.#info(i).catch(() => ({ id: i, image: '', labels: {} }))))).filter(matches);
      if (matches(info)) out.push(info);
    }
    return out;
  }

  /** Forgets the shared listings before and after a change made here, so no caller sees a listing from before it. */
  async #mutating<T>(change: Promise<T>): Promise<T> {
    this.#tasks = undefined;
    this.#ids = undefined;
    try {
      return await change;
    } finally {
      this.#tasks = undefined;
      this.#ids = undefined;
    }
  }

  #allIds(): Promise<string[]> {
    if (!this.#ids || Date.now() - this.#ids.at > SNAPSHOT_MS) {
      const value = this.#ctr.run('list', 'containers', ['containers', 'ls', '-q']).then(({ stdout }) => String(stdout).split('\n').map((l) => l.trim()).filter(Boolean));
      const entry = { at: Date.now(), value };
      this.#ids = entry;
      value.catch(() => {
        if (this.#ids === entry) this.#ids = undefined;
      });
    }
    return this.#ids.value;
  }

  #allTasks(): Promise<Map<string, Task>> {
    if (!this.#tasks || Date.now() - this.#tasks.at > SNAPSHOT_MS) {
      const value = this.#ctr.run('list', 'tasks', ['tasks', 'ls']).then(({ stdout }) => new Map(parseTable(String(stdout)).map((r) => [r[0]!, { pid: Number(r[1]), status: r[2]! }] as const)));
      const entry = { at: Date.now(), value };
      this.#tasks = entry;
      value.catch(() => {
        if (this.#tasks === entry) this.#tasks = undefined;
      });
    }
    return this.#tasks.value;
  }

  async status(id: string): Promise<ContainerStatus> {
    // Labels change only through this process (#label keeps the cache), so the cached copy is current.
    // Both from caches almost always (every pod worker asks every second): no Promise.all.
    const info = this.#labels.get(id) ?? (await this.#info(id));
    const task = (await this.#allTasks()).get(id);
    const l = info.labels;
    const base: ContainerStatus = { id, state: 'unknown', startedAt: l[STATE_LABELS.startedAt] };
    if (task?.status === 'RUNNING' || task?.status === 'PAUSED') return { ...base, state: 'running', pid: task.pid };
    if (task?.status === 'CREATED') return { ...base, state: 'created' };
    if (task?.status === 'STOPPED') return this.#reap(id, info, base);
    if (l[STATE_LABELS.exitCode] !== undefined) {
      return {
        ...base, state: 'exited', exitCode: Number(l[STATE_LABELS.exitCode]), finishedAt: l[STATE_LABELS.finishedAt],
        reason: l[STATE_LABELS.reason] as ContainerStatus['reason'],
      };
    }
    return { ...base, state: base.startedAt ? 'unknown' : 'created' };
  }

  async exec(id: string, cmd: string[], options: ExecOptions = {}): Promise<number> {
    const execId = `exec-${randomBytes(6).toString('hex')}`;
    // The container's own user (and groups) through the same helper, rather than `ctr tasks exec
    // --user`, which sets uid and gid but not the supplementary groups.
    const asUser = userPrefix(userFromLabel((await this.#info(id)).labels[STATE_LABELS.user]));
    const args = this.#ctr.args(['tasks', 'exec', '--exec-id', execId, ...(options.tty ? ['--tty'] : []), id, ...asUser, ...cmd]);
    const stdin = options.stdin;
    const child = execa(this.#ctr.binary, args, {
      reject: false,
      timeout: options.timeoutMs,
      ...(typeof stdin === 'string' || Buffer.isBuffer(stdin) ? { input: stdin } : stdin ? { stdin: 'pipe' } : { stdin: 'ignore' }),
      env: this.#ctr.env,
      encoding: 'buffer',
      buffer: false,
    });
    if (stdin && typeof stdin !== 'string' && !Buffer.isBuffer(stdin)) stdin.pipe(child.stdin!);
    let stderrTail = '';
    child.stdout?.on('data', (c: Buffer) => options.onStdout?.(c));
    child.stderr?.on('data', (c: Buffer) => {
      stderrTail = (stderrTail + c.toString()).slice(-2000);
      options.onStderr?.(c);
    });
    const result = await child;
    if (result.timedOut) return 137;
    const code = result.exitCode ?? 255;
    if (code !== 0 && /^ctr: /m.test(stderrTail)) throw new RuntimeError('exec in', `container "${id}"`, result, stderrTail.trim());
    return code;
  }

  async stats(id: string): Promise<ContainerStats> {
    const cg = this.cgroup(id);
    const [cpuUsageNanos, memoryBytes] = await Promise.all([this.#cgroups.cpuUsageNanos(cg), this.#cgroups.memoryBytes(cg)]);
    return { cpuUsageNanos, memoryBytes };
  }

  /** The task has exited: record how (OOM from the cgroup, code from the delete), then delete it. */
  async #reap(id: string, info: ContainerInfo, base: ContainerStatus): Promise<ContainerStatus> {
    const ooms = await this.#cgroups.oomKills(this.cgroup(id));
    const result = await this.#mutating(this.#ctr.run('delete the task of', `container "${id}"`, ['tasks', 'delete', id], { reject: false }));
    if (result.exitCode !== 0) return this.status(id); // someone else reaped it first
    const m = /exit code (\d+)/.exec(String(result.stderr));
    const exitCode = m ? Number(m[1]) : 0;
    const reason = ooms ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
    const finishedAt = new Date().toISOString();
    await this.#label(id, { [STATE_LABELS.exitCode]: String(exitCode), [STATE_LABELS.finishedAt]: finishedAt, [STATE_LABELS.reason]: reason });
    return { ...base, state: 'exited', exitCode, finishedAt, reason };
  }

  async #task(id: string): Promise<Task | undefined> {
    return (await this.#allTasks()).get(id);
  }

  async #info(id: string, fresh = false): Promise<ContainerInfo> {
    const cached = this.#labels.get(id);
    if (cached && !fresh) return cached;
    const { stdout } = await this.#ctr.run('inspect', `container "${id}"`, ['containers', 'info', id]);
    const raw = JSON.parse(String(stdout)) as { ID: string; Image: string; Labels?: Record<string, string> };
    const info = { id: raw.ID, image: raw.Image, labels: raw.Labels ?? {} };
    this.#labels.set(id, info);
    return info;
  }

  /**
   * Sets labels in the cache now and in containerd (labels change neither the container nor the
   * task listing). `background`: the caller does not wait for containerd; writes to one container
   * stay in order, and remove() waits for them.
   */
  async #label(id: string, labels: Record<string, string>, options: { background?: boolean } = {}): Promise<void> {
    const cached = this.#labels.get(id);
    if (cached) cached.labels = { ...cached.labels, ...labels };
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const before = this.#labelWrites.get(id) ?? Promise.resolve();
    const write = before.then(() => this.#ctr.run('label', `container "${id}"`, ['containers', 'label', id, ...pairs])).then(() => undefined);
    const settled = write.catch((err: unknown) => {
      this.labelErrors.push(err instanceof Error ? err : new Error(String(err)));
      if (this.labelErrors.length > 20) this.labelErrors.shift();
    });
    this.#labelWrites.set(id, settled);
    void settled.then(() => {
      if (this.#labelWrites.get(id) === settled) this.#labelWrites.delete(id);
    });
    if (!options.background) await write;
  }

  /** Puts a task state into the current shared listing, when there is one. */
  #noteTask(id: string, task: Task): void {
    const snapshot = this.#tasks;
    if (!snapshot) return;
    snapshot.value = snapshot.value.then((tasks) => new Map(tasks).set(id, task));
  }
}

function describe(id: string, labels: Record<string, string>): string {
  const pod = labels['io.mk8s.pod.namespace'] ? ` of pod "${labels['io.mk8s.pod.namespace']}/${labels['io.mk8s.pod.name']}"` : '';
  return `container "${labels['io.mk8s.container.name'] ?? id}" (${id})${pod}`;
}

