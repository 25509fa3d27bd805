import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AgentStats } from '../types.js';

/** Serves a request when it is `GET /stats/summary`; resolves false for any other path. */
export type StatsRoute = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  /** The summary (kubelet's `/stats/summary` shape, simplified), taking a new sample. */
  summary(): Promise<StatsSummary>;
};

export interface StatsRouteOptions {
  nodeName: string;
  /** Cumulative CPU nanoseconds and memory bytes per running container (the agent's `stats()`). */
  stats(): Promise<AgentStats>;
  now?: () => number;
  /** Reads `/proc/stat` and `/proc/meminfo` (injectable for tests); failures fall back to `stats().node`. */
  readProc?(path: string): Promise<string>;
}

interface Cpu { time: string; usageNanoCores?: number; usageCoreNanoSeconds: number }
interface Memory { time: string; workingSetBytes: number }
export interface StatsSummary {
  node: { nodeName: string; cpu: Cpu; memory: Memory };
  pods: { podRef: { name: string; namespace: string; uid: string }; containers: { name: string; cpu: Cpu; memory: Memory }[] }[];
}

/** Samples closer than this reuse the previous rate instead of dividing by a tiny interval. */
const MIN_WINDOW_MS = 1000;
/** USER_HZ: the unit of /proc/stat. */
const TICK_NS = 1e7;
const NODE_KEY = '\u0000node';

/**
 * `/stats/summary` from cumulative counters: CPU nanocores are the difference of two samples
 * over their interval; the last sample (and rate) per container is kept, and dropped when the
 * container disappears or its counter goes back (a restart).
 */
export function createStatsRoute(options: StatsRouteOptions): StatsRoute {
  const now = options.now ?? Date.now;
  const readProc = options.readProc ?? ((path: string) => readFile(path, 'utf8'));
  const last = new Map<string, { nanos: number; at: number; rate?: number }>();

  const cpu = (key: string, nanos: number, at: number, seen: Set<string>): Cpu => {
    seen.add(key);
    const prev = last.get(key);
    const time = new Date(at).toISOString();
    if (!prev || nanos < prev.nanos) {
      last.set(key, { nanos, at });
      return { time, usageCoreNanoSeconds: nanos };
    }
    if (at - prev.at < MIN_WINDOW_MS) return { time, usageCoreNanoSeconds: nanos, ...(prev.rate !== undefined ? { usageNanoCores: prev.rate } : {}) };
    const rate = Math.round(((nanos - prev.nanos) * 1000) / (at - prev.at));
    last.set(key, { nanos, at, rate });
    return { time, usageNanoCores: rate, usageCoreNanoSeconds: nanos };
  };

  const summary = async (): Promise<StatsSummary> => {
    const stats = await options.stats();
    const at = now();
    const time = new Date(at).toISOString();
    const seen = new Set<string>();
    const node = await nodeUsage(readProc).catch(() => ({ cpuNanos: stats.node.cpuNanos, memoryBytes: stats.node.memoryBytes }));
    const out: StatsSummary = {
      node: { nodeName: options.nodeName, cpu: cpu(NODE_KEY, node.cpuNanos, at, seen), memory: { time, workingSetBytes: node.memoryBytes } },
      pods: stats.pods.map((p) => ({
        podRef: { name: p.name, namespace: p.namespace, uid: (p as { uid?: string }).uid ?? '' },
        containers: p.containers.map((c) => ({
          name: c.name,
          cpu: cpu(`${p.namespace}/${p.name}/${c.name}`, c.cpuNanos, at, seen),
          memory: { time, workingSetBytes: c.memoryBytes },
        })),
      })),
    };
    for (const key of last.keys()) if (!seen.has(key)) last.delete(key);
    return out;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? '/', 'https://agent').pathname.replace(/\/+$/, '');
    if (path !== '/stats/summary') return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'MethodNotAllowed', code: 405, message: `method ${req.method} is not allowed on ${path}` }));
      return true;
    }
    const body = JSON.stringify(await summary());
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  };
  return Object.assign(route, { summary });
}

/** Node CPU (busy time from /proc/stat) and working set (MemTotal − MemAvailable). */
async function nodeUsage(readProc: (path: string) => Promise<string>): Promise<{ cpuNanos: number; memoryBytes: number }> {
  const [stat, meminfo] = await Promise.all([readProc('/proc/stat'), readProc('/proc/meminfo')]);
  const line = stat.split('\n').find((l) => /^cpu\s/.test(l));
  const fields = line?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  if (fields.length < 4 || fields.some(Number.isNaN)) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq = 0, softirq = 0, steal = 0] = fields;
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  if (Number.isNaN(total) || Number.isNaN(available)) throw new Error('no MemTotal/MemAvailable in /proc/meminfo');
  return { cpuNanos: (user + nice + system + irq + softirq + steal) * TICK_NS, memoryBytes: (total - available) * 1024 };
}
