import type { Logger } from '../../log.js';
import type { NodeEndpoint } from '../streaming/index.js';
import type { WatchCache } from '../watch-cache.js';
import { fetchSummary } from './fetch-summary.js';
import type { MetricsSource, NodeUsage, PodUsage, StatsSummary } from './types.js';
import { isConditionTrue } from '../../api/conditions.js';

const NODE_PREFIX = '/registry/core/nodes/';
const POD_PREFIX = '/registry/core/pods/';

export interface MetricsProviderOptions {
  cache: Pick<WatchCache, 'list' | 'get'>;
  /** The agent of a node with the server's credential, as the streaming proxy resolves it. */
  resolveNodeEndpoint(nodeName: string): NodeEndpoint | undefined | Promise<NodeEndpoint | undefined>;
  /** Reads a node's summary; default: HTTPS GET `/stats/summary`. */
  fetchSummary?(node: NodeEndpoint, nodeName: string): Promise<StatsSummary>;
  /** Scrape period (default 15 s); data older than 1.5 periods is re-scraped on demand. */
  intervalMs?: number;
  now?: () => number;
  log?: Logger;
}

interface NodeSample {
  node?: Omit<NodeUsage, 'labels'>;
  pods: (Omit<PodUsage, 'labels'> & { uid: string })[];
}

/**
 * metrics-server's job in-process: scrapes every Ready node's `/stats/summary` each period
 * and keeps the last good sample per node; pods and nodes gone from the API are dropped, and
 * labels are read from the API at query time so selectors see current labels.
 */
export class MetricsProvider implements MetricsSource {
  #options: MetricsProviderOptions;
  #interval: number;
  #now: () => number;
  #samples = new Map<string, NodeSample>();
  #lastScrape = Number.NEGATIVE_INFINITY;
  #inflight?: Promise<void>;
  #timer?: NodeJS.Timeout;

  constructor(options: MetricsProviderOptions) {
    this.#options = options;
    this.#interval = options.intervalMs ?? 15_000;
    this.#now = options.now ?? Date.now;
  }

  /** Scrapes now and every period until stop(). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.scrape(), this.#interval);
    this.#timer.unref();
    void this.scrape();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One scrape of every Ready node; concurrent calls share it. Never rejects (failures are logged). */
  scrape(): Promise<void> {
    this.#inflight ??= this.#scrapeAll().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async nodeMetrics(): Promise<NodeUsage[]> {
    await this.#fresh();
    const out: NodeUsage[] = [];
    for (const [name, sample] of this.#samples) {
      const node = this.#options.cache.get(`${NODE_PREFIX}${name}`)?.obj;
      if (node && sample.node) out.push({ ...sample.node, labels: node.metadata?.labels ?? {} });
    }
    return out;
  }

  async podMetrics(namespace?: string): Promise<PodUsage[]> {
    await this.#fresh();
    const out: PodUsage[] = [];
    for (const sample of this.#samples.values()) {
      for (const { uid, ...p } of sample.pods) {
        if (namespace !== undefined && p.namespace !== namespace) continue;
        const pod = this.#options.cache.get(`${POD_PREFIX}${p.namespace}/${p.name}`)?.obj;
        if (!pod || (uid && pod.metadata?.uid !== uid)) continue;
        out.push({ ...p, labels: pod.metadata?.labels ?? {} });
      }
    }
    return out;
  }

  async #fresh(): Promise<void> {
    if (this.#now() - this.#lastScrape > this.#interval * 1.5) await this.scrape();
  }

  async #scrapeAll(): Promise<void> {
    const ready = this.#options.cache.list(NODE_PREFIX).map((c) => c.obj).filter(isReady).map((n) => n.metadata.name as string);
    for (const name of this.#samples.keys()) if (!ready.includes(name)) this.#samples.delete(name);
    await Promise.all(ready.map((name) => this.#scrapeNode(name)));
    this.#lastScrape = this.#now();
  }

  async #scrapeNode(name: string): Promise<void> {
    try {
      const endpoint = await this.#options.resolveNodeEndpoint(name);
      if (!endpoint) throw new Error(`node "${name}" has no reachable agent address`);
      const summary = this.#options.fetchSummary ? await this.#options.fetchSummary(endpoint, name) : await fetchSummary(endpoint);
      this.#samples.set(name, samplesOf(summary, this.#interval));
    } catch (err) {
      this.#samples.delete(name);
      this.#options.log?.warn('scraping node metrics failed', { node: name, error: (err as Error).message });
    }
  }
}

const isReady = (node: Record<string, any>): boolean => isConditionTrue(node);

/** The usable part of a summary: a pod counts only when every container has CPU and memory usage. */
export function samplesOf(summary: StatsSummary, windowMs: number): NodeSample {
  const out: NodeSample = { pods: [] };
  const n = summary.node;
  if (n?.cpu?.usageNanoCores !== undefined && n.memory?.workingSetBytes !== undefined) {
    out.node = { name: n.nodeName, timestamp: Date.parse(n.cpu.time), windowMs, cpuNanoCores: n.cpu.usageNanoCores, memoryBytes: n.memory.workingSetBytes };
  }
  for (const pod of summary.pods ?? []) {
    const containers = pod.containers ?? [];
    const complete = containers.length > 0 && containers.every((c) => c.cpu?.usageNanoCores !== undefined && c.memory?.workingSetBytes !== undefined);
    if (!complete) continue;
    const times = containers.map((c) => Date.parse(c.cpu!.time)).filter((t) => !Number.isNaN(t));
    out.pods.push({
      namespace: pod.podRef.namespace,
      name: pod.podRef.name,
      uid: pod.podRef.uid ?? '',
      timestamp: times.length ? Math.max(...times) : Date.now(),
      windowMs,
      containers: containers.map((c) => ({ name: c.name, cpuNanoCores: c.cpu!.usageNanoCores!, memoryBytes: c.memory!.workingSetBytes! })),
    });
  }
  return out;
}
