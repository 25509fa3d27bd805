/**
 * One worker per pod (keyed by uid), level-triggered: each sync re-reads the runtime, converges
 * the containers to the spec, runs due probes and writes the status when it changed.
 */
import type { ContainerStats, Sandbox } from '../runtime/index.js';
import type { Logger } from '../log.js';
import { BACKOFF_RESET_MS } from './back-off.js';
import type { PodContext } from './field-ref.js';
import { imageIdOf } from './image-id.js';
import { ConfigError, ObjectSource } from './object-source.js';
import { observePod, type ContainerHistory, type ObservedContainer } from './observe-pod.js';
import { computePodStatus, type Waiting } from './pod-status.js';
import { preparePodVolumes } from './pod-volumes.js';
import { runPodProbes } from './pod-probes.js';
import type { ProbeState } from './probe-state.js';
import { jsonEqual } from '../api/json-equal.js';
import { sandboxSpec } from './sandbox-spec.js';
import { startContainer } from './start-container.js';
import { finishDeletion, removePodResources, stopPodContainers } from './terminate-pod.js';
import type { Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

const TERMINAL = new Set(['Succeeded', 'Failed']);
/** A quiet pod still gets a full sync every this many periodic ticks (10 s at the default 1 s). */
export const QUIET_RESYNC_TICKS = 10;

function shouldRestart(policy: string, exitCode: number | undefined): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

export class PodWorker {
  readonly #deps: WorkerDeps;
  readonly #log: Logger;
  /** `gone`: the pod had already left the API (no more watch events will name it). */
  readonly #onFinished: (uid: string, gone: boolean) => void;
  #pod: Obj;
  #sandbox?: Sandbox;
  #volumePaths?: Map<string, string>;
  #observed = new Map<string, ContainerHistory>();
  readonly #probes = new Map<string, ProbeState>();
  readonly #waiting = new Map<string, Waiting>();
  #written?: Obj;
  #terminal = false;
  #gone = false;
  #finished = false;
  #dirty = false;
  #stopped = false;
  #running?: Promise<void>;
  /**
   * Set by a sync that left the pod steady: every container running, no probe, nothing waiting,
   * its status written. Periodic ticks then only check that those containers still run (the
   * runtime's cached listings), as the kubelet's PLEG relist does, instead of a full sync.
   */
  #quiet?: { ids: string[]; pids: (number | undefined)[] };
  #quietTicks = 0;

  constructor(deps: WorkerDeps, pod: Obj, onFinished: (uid: string, gone: boolean) => void) {
    this.#deps = deps;
    this.#pod = pod;
    this.#onFinished = onFinished;
    this.#log = deps.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, uid: pod.metadata.uid });
  }

  get pod(): Obj {
    return this.#pod;
  }

  get finished(): boolean {
    return this.#finished;
  }

  update(pod: Obj): void {
    this.#pod = pod;
    void this.trigger();
  }

  /** The pod left the API without this agent finishing it: its containers go. */
  removed(): void {
    this.#gone = true;
    void this.trigger();
  }

  /** Runs a sync now or right after the one in progress; resolves when the worker is idle. */
  trigger(): Promise<void> {
    this.#dirty = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /**
   * The periodic tick: a full sync, unless the pod is quiet and its containers still run as
   * they did (a full sync every QUIET_RESYNC_TICKS ticks all the same).
   */
  async periodic(): Promise<void> {
    const quiet = this.#quiet;
    if (!quiet || this.#running || ++this.#quietTicks >= QUIET_RESYNC_TICKS || (await this.#changed(quiet))) {
      this.#quietTicks = 0;
      return this.trigger();
    }
  }

  async #changed(quiet: { ids: string[]; pids: (number | undefined)[] }): Promise<boolean> {
    for (let i = 0; i < quiet.ids.length; i++) {
      const s = await this.#deps.runtime.containerStatus(quiet.ids[i]!).catch(() => undefined);
      if (s?.state !== 'running' || s.pid !== quiet.pids[i]) return true;
    }
    return this.#quiet !== quiet; // a sync since then changed its mind
  }

  /** Stops syncing (agent shutdown); resolves when the sync in progress ends. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  current(name: string): ObservedContainer | undefined {
    return this.#observed.get(name)?.current;
  }

  previous(name: string): ObservedContainer | undefined {
    return this.#observed.get(name)?.previous;
  }

  async stats(): Promise<{ name: string; stats: ContainerStats }[]> {
    const out: { name: string; stats: ContainerStats }[] = [];
    for (const [name, h] of this.#observed) {
      if (h.current.status.state !== 'running') continue;
      out.push({ name, stats: await this.#deps.runtime.stats(h.current.id) });
    }
    return out;
  }

  async #loop(): Promise<void> {
    while (this.#dirty && !this.#finished && !this.#stopped) {
      this.#dirty = false;
      try {
        await this.#sync();
      } catch (err) {
        this.#log.error('pod sync failed; will retry', { error: (err as Error).message });
      }
    }
  }

  async #sync(): Promise<void> {
    const pod = this.#pod;
    const deps = this.#deps;
    this.#quiet = undefined;
    if (this.#gone || pod.metadata.deletionTimestamp) {
      const grace = this.#gone ? 1 : (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
      await stopPodContainers(deps, pod, grace, this.#sandbox?.ip ?? '');
      await removePodResources(deps, pod.metadata.uid);
      if (!this.#gone) await finishDeletion(deps, pod);
      this.#log.info(this.#gone ? 'removed containers of a deleted pod' : 'pod terminated and deleted');
      this.#finished = true;
      this.#onFinished(pod.metadata.uid, this.#gone);
      return;
    }
    this.#observed = await observePod(deps.runtime, pod.metadata.uid);
    const terminal = this.#terminal || TERMINAL.has(pod.status?.phase);
    let gate = this.#initGate(pod);
    if (!terminal) {
      const acted = await this.#converge(pod, gate);
      if (acted) {
        this.#observed = await observePod(deps.runtime, pod.metadata.uid);
        gate = this.#initGate(pod);
      }
    }
    await this.#learnImageIds(pod);
    const sandbox = this.#sandbox ?? (await this.#findSandbox());
    if (sandbox && !terminal) {
      const changed = await runPodProbes(deps, pod, sandbox.ip, this.#observed, this.#probes);
      if (changed) this.#observed = await observePod(deps.runtime, pod.metadata.uid);
    }
    const status = computePodStatus({
      pod, now: deps.clock.now(), hostIP: deps.nodeIp, podIP: sandbox?.ip, observed: this.#observed, probes: this.#probes,
      waiting: this.#waiting, imageIds: deps.imageIds, initDone: gate.done, initFailed: gate.failed,
    });
    if (TERMINAL.has(status.phase)) this.#terminal = true;
    if (terminal && TERMINAL.has(pod.status?.phase)) return; // a finished pod's status is final
    await this.#writeStatus(status);
    if (!terminal && sandbox && gate.done && pod === this.#pod) this.#quiet = this.#quietState(pod);
  }

  /** What a quiet pod's periodic check compares, or undefined when the pod is not steady. */
  #quietState(pod: Obj): { ids: string[]; pids: (number | undefined)[] } | undefined {
    if (this.#waiting.size > 0) return undefined;
    const ids: string[] = [];
    const pids: (number | undefined)[] = [];
    for (const c of pod.spec.containers ?? []) {
      if (c.livenessProbe || c.readinessProbe || c.startupProbe) return undefined;
      const cur = this.#observed.get(c.name)?.current;
      if (cur?.status.state !== 'running') return undefined;
      ids.push(cur.id);
      pids.push(cur.status.pid);
    }
    return ids.length ? { ids, pids } : undefined;
  }

  /** imageID of adopted containers, whose image this agent did not pull. */
  async #learnImageIds(pod: Obj): Promise<void> {
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
      if (this.#deps.imageIds.has(c.image) || !this.#observed.has(c.name)) continue;
      const s = await this.#deps.runtime.imageStatus(c.image);
      if (s.present && s.digest) this.#deps.imageIds.set(c.image, imageIdOf(s.ref, s.digest));
    }
  }

  /** Init containers are done when each exited 0, or once a regular container exists. */
  #initGate(pod: Obj): { done: boolean; failed: boolean } {
    const policy = pod.spec.restartPolicy ?? 'Always';
    const inits: Obj[] = pod.spec.initContainers ?? [];
    if ((pod.spec.containers ?? []).some((c: Obj) => this.#observed.has(c.name))) return { done: true, failed: false };
    let done = true;
    let failed = false;
    for (const c of inits) {
      const cur = this.#observed.get(c.name)?.current;
      if (cur?.status.state === 'exited' && cur.status.exitCode === 0) continue;
      done = false;
      if (cur?.status.state === 'exited' && policy === 'Never') failed = true;
      break;
    }
    return { done, failed };
  }

  async #findSandbox(): Promise<Sandbox | undefined> {
    const found = (await this.#deps.runtime.listSandboxes({ uid: this.#pod.metadata.uid }))[0];
    if (found) this.#sandbox = { id: found.id, netnsPath: found.netnsPath, ip: found.ip, ips: found.ips };
    return this.#sandbox;
  }

  /** Starts or restarts what the spec wants; true when it changed something in the runtime. */
  async #converge(pod: Obj, gate: { done: boolean; failed: boolean }): Promise<boolean> {
    const deps = this.#deps;
    if (gate.failed) return false;
    const sandbox = this.#sandbox ?? (await this.#findSandbox()) ?? (this.#sandbox = await deps.runtime.createSandbox(sandboxSpec(pod, deps.dns)));
    const ctx: PodContext = { pod, podIP: sandbox.ip, hostIP: deps.nodeIp, allocatable: deps.allocatable };
    const source = new ObjectSource(deps.client, pod.metadata.namespace);
    if (!this.#volumePaths) {
      try {
        this.#volumePaths = await preparePodVolumes(deps.dataDir, ctx, source);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        deps.events.record({ pod, type: 'Warning', reason: 'FailedMount', message: `MountVolume.SetUp failed: ${err.message}` });
        return false;
      }
    }
    const policy = pod.spec.restartPolicy ?? 'Always';
    const list: [Obj, string][] = gate.done
      ? (pod.spec.containers ?? []).map((c: Obj) => [c, `spec.containers{${c.name}}`])
      : (pod.spec.initContainers ?? []).map((c: Obj) => [c, `spec.initContainers{${c.name}}`]);
    let acted = false;
    for (const [container, fieldPath] of list) {
      const h = this.#observed.get(container.name);
      const state = h?.current.status.state;
      if (!gate.done && state === 'exited' && h!.current.status.exitCode === 0) continue;
      if (state === 'running') {
        if (gate.done) continue;
        break; // an init container still runs
      }
      const request = { ctx, container, fieldPath, sandbox, volumePaths: this.#volumePaths, source, history: h, previous: this.#waiting.get(container.name) };
      if (!h) {
        acted = (await this.#start({ ...request, attempt: 0 })) || acted;
      } else if (state === 'created') {
        await deps.runtime.startContainer(h.current.id);
        acted = true;
      } else if (gate.done ? shouldRestart(policy, h.current.status.exitCode) : policy !== 'Never') {
        acted = (await this.#restart(request, h)) || acted;
      }
      if (!gate.done) break; // init containers run one at a time
    }
    return acted;
  }

  async #restart(request: Omit<Parameters<typeof startContainer>[1], 'attempt'>, h: ContainerHistory): Promise<boolean> {
    const deps = this.#deps;
    const { pod, name } = { pod: this.#pod, name: request.container.name };
    const key = `restart:${pod.metadata.uid}:${name}`;
    const s = h.current.status;
    if (s.startedAt && s.finishedAt && Date.parse(s.finishedAt) - Date.parse(s.startedAt) >= BACKOFF_RESET_MS) deps.backOff.reset(key);
    const wait = deps.backOff.wait(key, h.current.id, deps.clock.now());
    if (wait > 0) {
      const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      const delay = `${Math.round(deps.backOff.current(key) / 1000)}s`;
      const previous = this.#waiting.get(name);
      if (previous?.reason !== 'CrashLoopBackOff') {
        deps.events.record({ pod, fieldPath: request.fieldPath, type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${name} in pod ${podRef}` });
      }
      this.#waiting.set(name, { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container=${name} pod=${podRef}` });
      return false;
    }
    return this.#start({ ...request, attempt: h.current.attempt + 1 });
  }

  async #start(request: Parameters<typeof startContainer>[1]): Promise<boolean> {
    const result = await startContainer(this.#deps, request);
    if ('waiting' in result) {
      this.#waiting.set(request.container.name, result.waiting);
      return false;
    }
    this.#waiting.delete(request.container.name);
    return true;
  }

  async #writeStatus(status: Obj): Promise<void> {
    if (jsonEqual(status, this.#written ?? this.#pod.status)) return;
    const { namespace, name } = this.#pod.metadata;
    const updated = await this.#deps.client.call('PATCH', `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(name)}/status`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { uid: this.#pod.metadata.uid }, status },
    });
    this.#written = status;
    if (updated?.status && !this.#pod.metadata.deletionTimestamp) this.#pod = { ...this.#pod, status: updated.status };
  }
}
