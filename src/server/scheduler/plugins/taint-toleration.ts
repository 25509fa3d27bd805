import type { KubeObject } from '../../rest/object-api.js';
import { toleratesTaint } from '../match.js';
import type { FilterPlugin, ScorePlugin } from '../types.js';

/** NoSchedule and NoExecute taints must be tolerated. */
export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  filter(pod, node) {
    for (const taint of node.node.spec?.taints ?? []) {
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
    return (node.node.spec?.taints ?? []).filter((t: KubeObject) => t.effect === 'PreferNoSchedule' && !toleratesTaint(pod.pod, t)).length;
  },
  normalize(scores) {
    const max = Math.max(0, ...scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 100 : 100 - (scores[i] * 100) / max;
  },
};
