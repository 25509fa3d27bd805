import type { KubeObject } from '../rest/object-api.js';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** A pod's completion index (Indexed jobs), from its annotation or label. */
export function podIndex(pod: KubeObject): number | undefined {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** "0-2,4,6-7" from a set of indexes, as status.completedIndexes. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The pod template made into the pod for `index`: label, annotation, env and hostname. */
export function indexPod(template: KubeObject, jobName: string, index: number): void {
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [COMPLETION_INDEX]: String(index) };
  template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
  template.spec.hostname ??= `${jobName}-${index}`;
  for (const c of [...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])]) {
    c.env = [...(c.env ?? []).filter((e: KubeObject) => e.name !== 'JOB_COMPLETION_INDEX'), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }];
  }
}
