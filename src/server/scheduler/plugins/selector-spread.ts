import { maxOf } from '../scores.js';
import type { ScorePlugin } from '../types.js';

/** Fewer pods of the same controller (ownerReference) on the node scores higher. */
export const selectorSpread: ScorePlugin = {
  name: 'SelectorSpread',
  weight: 1,
  skip: (pod) => !pod.controllerUid,
  score(pod, node) {
    return pod.controllerUid ? node.controllerCounts.get(pod.controllerUid) ?? 0 : 0;
  },
  normalize(scores) {
    const max = maxOf(scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 100 : ((max - scores[i]) * 100) / max;
  },
};
