import type { PluginRegistry } from './registry.js';
import { newCycleState, type NodeInfo, type PodInfo } from './types.js';

export interface FindNodeOptions {
  /** Bound pods with required anti-affinity (see NodeInfoCache). */
  podsWithAntiAffinity?: ReadonlySet<PodInfo>;
  /** Where the search over nodes starts (rotated by the caller, as upstream does). */
  start?: number;
  random?: () => number;
}

export interface FindNodeResult {
  node?: string;
  /** Reason → number of nodes rejected for it (filled when nothing fits). */
  reasons: Map<string, number>;
  /** Nodes the filters ran on. */
  evaluated: number;
}

/** Upstream's adaptive percentageOfNodesToScore: how many feasible nodes are enough. */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percentage) / 100));
}

/** One scheduling cycle: filter, score (weighted, normalised), highest total with a random tie-break. */
export function findNode(pod: PodInfo, nodes: readonly NodeInfo[], registry: PluginRegistry, options: FindNodeOptions = {}): FindNodeResult {
  const state = newCycleState(nodes, options.podsWithAntiAffinity);
  const reasons = new Map<string, number>();
  const feasible: NodeInfo[] = [];
  const want = feasibleNodesToFind(nodes.length);
  const start = nodes.length ? (options.start ?? 0) % nodes.length : 0;
  const filters = registry.filters.filter((f) => !f.skip?.(pod, state));
  let evaluated = 0;
  for (let i = 0; i < nodes.length && feasible.length < want; i++) {
    const node = nodes[(start + i) % nodes.length];
    evaluated++;
    let failed: string | readonly string[] | undefined;
    for (const f of filters) {
      failed = f.filter(pod, node, state);
      if (failed !== undefined) break;
    }
    if (failed === undefined) feasible.push(node);
    else for (const r of typeof failed === 'string' ? [failed] : failed) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (feasible.length === 0) return { reasons, evaluated };
  if (feasible.length === 1) return { node: feasible[0].name, reasons, evaluated };
  const totals = new Array<number>(feasible.length).fill(0);
  const scores = new Array<number>(feasible.length);
  for (const s of registry.scores) {
    if (s.skip?.(pod, state)) continue;
    for (let i = 0; i < feasible.length; i++) scores[i] = s.score(pod, feasible[i], state);
    s.normalize?.(scores);
    for (let i = 0; i < scores.length; i++) totals[i] += s.weight * scores[i];
  }
  const random = options.random ?? Math.random;
  let best = -Infinity;
  let chosen = 0;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    // Reservoir sampling over the ties: each best node is equally likely.
    const t = Math.round(totals[i] * 1e6) / 1e6;
    if (t > best) {
      best = t;
      chosen = i;
      ties = 1;
    } else if (t === best && random() * ++ties < 1) chosen = i;
  }
  return { node: feasible[chosen].name, reasons, evaluated };
}
