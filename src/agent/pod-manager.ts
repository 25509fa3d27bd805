/** The pod workers of this node: one per bound pod, ticked periodically, looked up for streaming and stats. */
import { cpus, freemem, totalmem } from 'node:os';
import { LABELS } from '../runtime/index.js';
import { containerLogPath } from './paths.js';
import { PodWorker } from './pod-worker.js';
import { removePodResources } from './terminate-pod.js';
import type { AgentStats, ContainerLocation, Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

export class PodManager {
  readonly #deps: WorkerDeps;
  readonly #workers = new Map<string, PodWorker>();
  /** Pods this agent finished deleting, until their DELETED event: late watch events for them are ignored. */
  readonly #finished = new Set<string>();

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
  }

  /** A pod was added or changed in the API. */
  upsert(pod: Obj): void {
    const uid = pod.metadata.uid;
    const worker = this.#workers.get(uid);
    if (worker) return worker.update(pod);
    if (this.#finished.has(uid)) return;
    const created = new PodWorker(this.#deps, pod, (id, gone) => {
      this.#workers.delete(id);
      if (!gone) this.#finished.add(id);
      this.#deps.events.forgetPod(id);
      this.#deps.backOff.forgetPod(id);
    });
    this.#workers.set(uid, created);
    void created.trigger();
  }

  /** A pod left the API. */
  remove(uid: string): void {
    const worker = this.#workers.get(uid);
    if (worker) worker.removed();
    else this.#finished.delete(uid);
  }

  /** After a full list: workers of pods not listed are removed, and so are containers of unknown pods. */
  async reconcileList(pods: Obj[]): Promise<void> {
    const listed = new Set(pods.map((p) => p.metadata.uid));
    for (const uid of this.#finished) if (!listed.has(uid)) this.#finished.delete(uid);
    for (const pod of pods) this.upsert(pod);
    for (const [uid, w] of this.#workers) if (!listed.has(uid)) w.removed();
    const runtime = this.#deps.runtime;
    const orphans = new Set<string>();
    for (const c of await runtime.listContainers()) {
      const uid = c.labels[LABELS.podUid];
      if (uid && !listed.has(uid) && !this.#workers.has(uid)) orphans.add(uid);
    }
    for (const s of await runtime.listSandboxes()) if (!listed.has(s.uid) && !this.#workers.has(s.uid)) orphans.add(s.uid);
    for (const uid of orphans) {
      this.#deps.log.info('removing containers of a pod no longer bound here', { uid });
      await removePodResources(this.#deps, uid);
    }
  }

  /** The periodic re-sync (container exits, due probes, expired back-offs); quiet pods only check their containers. */
  tick(): Promise<void[]> {
    return Promise.all([...this.#workers.values()].map((w) => w.periodic()));
  }

  /** Re-syncs every worker fully and waits until every one is idle. */
  async idle(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.trigger()));
  }

  /** Stops every worker; containers are left running. */
  async stop(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.stop()));
  }

  get size(): number {
    return this.#workers.size;
  }

  findContainer(namespace: string, podName: string, containerName?: string): ContainerLocation | undefined {
    const worker = [...this.#workers.values()].find((w) => w.pod.metadata.namespace === namespace && w.pod.metadata.name === podName);
    if (!worker) return undefined;
    const pod = worker.pod;
    const name = containerName || pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] || pod.spec.containers?.[0]?.name;
    const cur = name ? worker.current(name) : undefined;
    if (!cur) return undefined;
    const prev = worker.previous(name);
    return {
      containerId: cur.id, containerName: name, attempt: cur.attempt, pod,
      logPath: containerLogPath(this.#deps.dataDir, pod.metadata.uid, name, cur.attempt),
      ...(prev ? { previousLogPath: containerLogPath(this.#deps.dataDir, pod.metadata.uid, name, prev.attempt) } : {}),
    };
  }

  async stats(): Promise<AgentStats> {
    const pods: AgentStats['pods'] = [];
    for (const w of this.#workers.values()) {
      const containers = (await w.stats().catch(() => [])).map((c) => ({ name: c.name, cpuNanos: c.stats.cpuUsageNanos, memoryBytes: c.stats.memoryBytes }));
      pods.push({ namespace: w.pod.metadata.namespace, name: w.pod.metadata.name, containers });
    }
    const cpuMs = cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
    return { node: { cpuNanos: cpuMs * 1e6, memoryBytes: totalmem() - freemem() }, pods };
  }
}
