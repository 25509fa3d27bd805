import type { NodeInfo, PodInfo, ScorePlugin } from '../types.js';

/** Pods without requests count as upstream's defaults for scoring (100m CPU, 200 MB). */
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

/** The node's CPU fraction requested once the pod is placed (at most 1). */
function cpuFraction(pod: PodInfo, node: NodeInfo): number {
  const a = node.allocatable.milliCpu;
  return a > 0 ? Math.min(1, (node.requested.milliCpu + (pod.requests.milliCpu || DEFAULT_MILLI_CPU)) / a) : 1;
}

/** The node's memory fraction requested once the pod is placed (at most 1). */
function memoryFraction(pod: PodInfo, node: NodeInfo): number {
  const a = node.allocatable.memory;
  return a > 0 ? Math.min(1, (node.requested.memory + (pod.requests.memory || DEFAULT_MEMORY)) / a) : 1;
}

/** More free CPU and memory after placing the pod scores higher. */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesLeastAllocated',
  weight: 1,
  score(pod, node) {
    const cpu = cpuFraction(pod, node);
    const mem = memoryFraction(pod, node);
    return ((1 - cpu) * 100 + (1 - mem) * 100) / 2;
  },
};

/** CPU and memory used in similar proportions scores higher. */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(pod, node) {
    const cpu = cpuFraction(pod, node);
    const mem = memoryFraction(pod, node);
    // Standard deviation of two fractions is |a-b|/2.
    return (1 - Math.abs(cpu - mem) / 2) * 100;
  },
};
