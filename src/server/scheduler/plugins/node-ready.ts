import { toleratesTaint } from '../match.js';
import type { FilterPlugin } from '../types.js';

/**
 * A node whose Ready condition is not True takes only pods tolerating the taint the node
 * lifecycle controller puts on it (`not-ready`, or `unreachable` when Unknown); the reason
 * is worded as that taint's, as upstream reports it.
 */
export const nodeReady: FilterPlugin = {
  name: 'NodeReady',
  filter(pod, node) {
    if (node.ready === 'True') return undefined;
    const key = node.ready === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
    if (toleratesTaint(pod.pod, { key, effect: 'NoSchedule' })) return undefined;
    return `node(s) had untolerated taint {${key}: }`;
  },
};
