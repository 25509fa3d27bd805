import type { KubeObject } from '../../rest/object-api.js';
import { podMatchesNodeSelectorAndAffinity, selectorFor } from '../match.js';
import type { CycleState, FilterPlugin, PodInfo } from '../types.js';

interface ConstraintState {
  key: string;
  maxSkew: number;
  selfMatch: number;
  counts: Map<string, number>;
  min: number;
}

function prepare(pod: PodInfo, state: CycleState): ConstraintState[] {
  const constraints: KubeObject[] = (pod.pod.spec?.topologySpreadConstraints ?? []).filter((c: KubeObject) => c.whenUnsatisfiable === 'DoNotSchedule');
  return constraints.map((c, i) => {
    const selector = selectorFor(state, `pts:${i}`, c.labelSelector);
    const counts = new Map<string, number>();
    for (const node of state.nodes) {
      const value = node.node.metadata?.labels?.[c.topologyKey];
      if (value === undefined || !podMatchesNodeSelectorAndAffinity(pod.pod, node.node)) continue;
      let n = counts.get(value) ?? 0;
      for (const p of node.pods.values()) {
        if (p.namespace === pod.namespace && !p.pod.metadata?.deletionTimestamp && selector?.matches(p.labels)) n++;
      }
      counts.set(value, n);
    }
    const min = counts.size ? Math.min(...counts.values()) : 0;
    return { key: c.topologyKey, maxSkew: c.maxSkew ?? 1, selfMatch: selector?.matches(pod.labels) ? 1 : 0, counts, min };
  });
}

/** topologySpreadConstraints with whenUnsatisfiable DoNotSchedule: skew after placing ≤ maxSkew. */
export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  skip: (pod) => !pod.pod.spec?.topologySpreadConstraints?.length,
  filter(pod, node, state) {
    if (!pod.pod.spec?.topologySpreadConstraints?.length) return undefined;
    const constraints = state.memo('PodTopologySpread', () => prepare(pod, state));
    for (const c of constraints) {
      const value = node.node.metadata?.labels?.[c.key];
      if (value === undefined) return "node(s) didn't match pod topology spread constraints (missing required label)";
      if ((c.counts.get(value) ?? 0) + c.selfMatch - c.min > c.maxSkew) return "node(s) didn't match pod topology spread constraints";
    }
    return undefined;
  },
};
