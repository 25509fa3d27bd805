import { balancedAllocation, leastAllocated } from './plugins/resource-scores.js';
import { interPodAffinityScore } from './plugins/inter-pod-affinity-score.js';
import { interPodAffinityFilter } from './plugins/inter-pod-affinity.js';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/node-affinity.js';
import { nodePorts } from './plugins/node-ports.js';
import { nodeReady } from './plugins/node-ready.js';
import { nodeResourcesFit } from './plugins/node-resources-fit.js';
import { nodeUnschedulable } from './plugins/node-unschedulable.js';
import { podTopologySpread } from './plugins/pod-topology-spread.js';
import { selectorSpread } from './plugins/selector-spread.js';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taint-toleration.js';
import type { FilterPlugin, ScorePlugin } from './types.js';

export interface PluginRegistry {
  filters: readonly FilterPlugin[];
  scores: readonly ScorePlugin[];
}

/** The default profile, in upstream's order: a node fails on the first filter that rejects it. */
export const DEFAULT_PLUGINS: PluginRegistry = {
  filters: [
    nodeUnschedulable,
    taintTolerationFilter,
    nodeReady,
    nodeAffinityFilter,
    nodePorts,
    nodeResourcesFit,
    podTopologySpread,
    interPodAffinityFilter,
  ],
  scores: [
    taintTolerationScore,
    nodeAffinityScore,
    interPodAffinityScore,
    leastAllocated,
    balancedAllocation,
    selectorSpread,
  ],
};
