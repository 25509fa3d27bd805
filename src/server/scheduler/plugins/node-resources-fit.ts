import type { FilterPlugin } from '../types.js';

/** Requests against allocatable minus what bound pods request; one reason per short resource. */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(pod, node) {
    const { allocatable: a, requested: u } = node;
    const r = pod.requests;
    const reasons: string[] = [];
    if (u.pods + 1 > a.pods) reasons.push('Too many pods');
    if (r.milliCpu > 0 && r.milliCpu > a.milliCpu - u.milliCpu) reasons.push('Insufficient cpu');
    if (r.memory > 0 && r.memory > a.memory - u.memory) reasons.push('Insufficient memory');
    if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - u.ephemeralStorage) reasons.push('Insufficient ephemeral-storage');
    return reasons.length ? reasons : undefined;
  },
};
