import type { KubeObject } from '../../rest/object-api.js';
import { nodeSelectorTermMatches, podMatchesNodeSelectorAndAffinity } from '../match.js';
import { maxOf } from '../scores.js';
import type { FilterPlugin, ScorePlugin } from '../types.js';

/** nodeSelector and requiredDuringScheduling node affinity. */
export const nodeAffinityFilter: FilterPlugin = {
  name: 'NodeAffinity',
  skip: (pod) => !pod.pod.spec?.nodeSelector && !pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  filter(pod, node) {
    return podMatchesNodeSelectorAndAffinity(pod.pod, node.node) ? undefined : "node(s) didn't match Pod's node affinity/selector";
  },
};

/** Sum of the weights of matching preferred terms, scaled so the best node gets 100. */
export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  skip: (pod) => !pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length,
  score(pod, node) {
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return 0;
    let total = 0;
    for (const pref of preferred) {
      if (pref.weight && nodeSelectorTermMatches((pref as KubeObject).preference ?? {}, node.node)) total += pref.weight;
    }
    return total;
  },
  normalize: scaleToMax,
};

export function scaleToMax(scores: number[]): void {
  const max = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 0 : (scores[i] * 100) / max;
}
