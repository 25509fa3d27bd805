export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_GROUP_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

/** The `metrics.k8s.io` APIGroup, as `/apis` lists it and `/apis/metrics.k8s.io` answers. */
export function metricsApiGroup(): Record<string, unknown> {
  const version = { groupVersion: METRICS_GROUP_VERSION, version: METRICS_VERSION };
  return { kind: 'APIGroup', apiVersion: 'v1', name: METRICS_GROUP, versions: [version], preferredVersion: version };
}

/** `/apis/metrics.k8s.io/v1beta1`: NodeMetrics (cluster-scoped) and PodMetrics (namespaced), get and list. */
export function metricsResourceList(): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: METRICS_GROUP_VERSION,
    resources: [
      { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
      { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
    ],
  };
}
