import { toleratesTaint } from '../match.js';
import { maxOf } from '../scores.js';
import type { FilterPlugin, ScorePlugin } from '../types.js';

/** NoSchedule and NoExecute taints must be tolerated. */
export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  filter(pod, node) {
    for (const taint of node.taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!toleratesTaint(pod.pod, taint)) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
    }
    return undefined;
  },
};

/** Fewer untolerated PreferNoSchedule taints score higher (counted, then reversed to 0–100). */
export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(pod, node) {
    let n = 0;
    for (const t of node.taints) if (t.effect === 'PreferNoSchedule' && !toleratesTaint(pod.pod, t)) n++;
    return n;
  },
  normalize(scores) {
    const max = maxOf(scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 100 : 100 - (scores[i] * 100) / max;
  },
};
