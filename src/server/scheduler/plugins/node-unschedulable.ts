import { toleratesTaint } from '../match.js';
import type { FilterPlugin } from '../types.js';

/** A cordoned node (`spec.unschedulable`) takes only pods tolerating `node.kubernetes.io/unschedulable`. */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(pod, node) {
    if (!node.unschedulable) return undefined;
    if (toleratesTaint(pod.pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return undefined;
    return 'node(s) were unschedulable';
  },
};
