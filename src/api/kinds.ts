/**
 * The resources mk8s serves: group/version/resource ↔ kind, scope, short names, categories,
 * subresources, and the type table that describes each kind (see ./types).
 */

export interface ResourceInfo {
  group: string; // "" for core
  version: string;
  /** Versions served for the same storage (autoscaling v2 and v1, events v1 and core v1 share none). */
  resource: string; // plural, e.g. "deployments"
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: readonly string[];
  categories?: readonly string[];
  subresources?: readonly string[]; // "status", "scale", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "token"
  /** Type table name of the kind (./types registry key). */
  type: string;
  /** Storage key resource, if it differs (e.g. events.k8s.io/v1 Event is stored as core events). */
  storage?: string;
  /** The spec-carrying field that bumps metadata.generation (most kinds: "spec"). Empty: never bumps. */
  generationFields?: readonly string[];
  verbs?: readonly string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const RESOURCES: readonly ResourceInfo[] = [
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'], type: 'core.v1.Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'proxy', 'ephemeralcontainers'], type: 'core.v1.Pod' },
  { group: '', version: 'v1', resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status', 'proxy'], type: 'core.v1.Node' },
  { group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status', 'proxy'], type: 'core.v1.Service', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], type: 'core.v1.Endpoints', generationFields: [] },
  { group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], type: 'core.v1.ConfigMap', generationFields: [] },
  { group: '', version: 'v1', resource: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, type: 'core.v1.Secret', generationFields: [] },
  { group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], subresources: ['token'], type: 'core.v1.ServiceAccount', generationFields: [] },
  { group: '', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], type: 'core.v1.Event', generationFields: [] },
  { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], type: 'apps.v1.Deployment' },
  { group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], type: 'apps.v1.ReplicaSet' },
  { group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: ['status'], type: 'apps.v1.DaemonSet' },
  { group: 'apps', version: 'v1', resource: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], type: 'apps.v1.StatefulSet' },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true, type: 'apps.v1.ControllerRevision', generationFields: [] },
  { group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', kind: 'Job', namespaced: true, categories: ['all'], subresources: ['status'], type: 'batch.v1.Job' },
  { group: 'batch', version: 'v1', resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: ['status'], type: 'batch.v1.CronJob' },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, type: 'coordination.v1.Lease' },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, type: 'discovery.v1.EndpointSlice', generationFields: [] },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], type: 'autoscaling.v2.HorizontalPodAutoscaler' },
  { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], type: 'autoscaling.v1.HorizontalPodAutoscaler' },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], type: 'events.v1.Event', storage: '/registry/core/events/', generationFields: [] },
];

export { ALL_VERBS };
