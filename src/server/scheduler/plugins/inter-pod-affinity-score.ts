import type { KubeObject } from '../../rest/object-api.js';
import { selectorFor, termMatchesPod } from '../match.js';
import { maxOf, minOf } from '../scores.js';
import type { CycleState, PodInfo, ScorePlugin } from '../types.js';

/** topologyKey → value → summed weight of matching pods there (anti-affinity negative). */
function topologyScores(pod: PodInfo, state: CycleState): Map<string, Map<string, number>> {
  const aff = pod.pod.spec?.affinity ?? {};
  const terms: [KubeObject, number][] = [
    ...(aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: KubeObject) => [p.podAffinityTerm, p.weight] as [KubeObject, number]),
    ...(aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: KubeObject) => [p.podAffinityTerm, -p.weight] as [KubeObject, number]),
  ];
  const out = new Map<string, Map<string, number>>();
  terms.forEach(([term, weight], i) => {
    if (!term?.topologyKey || !weight) return;
    const selector = selectorFor(state, `ipas:${i}`, term.labelSelector);
    let byValue = out.get(term.topologyKey);
    if (!byValue) out.set(term.topologyKey, (byValue = new Map()));
    for (const node of state.nodes) {
      const value = node.node.metadata?.labels?.[term.topologyKey];
      if (value === undefined) continue;
      let matches = 0;
      for (const p of node.pods.values()) if (termMatchesPod(term, pod, selector, p)) matches++;
      if (matches) byValue.set(value, (byValue.get(value) ?? 0) + matches * weight);
    }
  });
  return out;
}

/** Preferred pod affinity (+weight per matching pod in the domain) and anti-affinity (−weight). */
export const interPodAffinityScore: ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  skip: (pod) => {
    const aff = pod.pod.spec?.affinity;
    return !aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution && !aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  },
  score(pod, node, state) {
    const aff = pod.pod.spec?.affinity;
    if (!aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution && !aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution) return 0;
    const scores = state.memo('InterPodAffinityScore', () => topologyScores(pod, state));
    let total = 0;
    for (const [key, byValue] of scores) {
      const value = node.node.metadata?.labels?.[key];
      if (value !== undefined) total += byValue.get(value) ?? 0;
    }
    return total;
  },
  normalize(scores) {
    const max = maxOf(scores, -Infinity);
    const min = minOf(scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max === min ? 0 : ((scores[i] - min) * 100) / (max - min);
  },
};
