import t from 'tap';
import type { FieldType, TypeRegistry } from '../../../src/api/types/format.js';
import { APPS_V1 } from '../../../src/api/types/apps-v1.js';
import { BATCH_V1 } from '../../../src/api/types/batch-v1.js';
import { COORDINATION_V1 } from '../../../src/api/types/coordination-v1.js';
import { DISCOVERY_V1 } from '../../../src/api/types/discovery-v1.js';
import { AUTOSCALING } from '../../../src/api/types/autoscaling.js';
import { EVENTS_V1 } from '../../../src/api/types/events-v1.js';

const GROUPS: Record<string, TypeRegistry> = {
  APPS_V1,
  BATCH_V1,
  COORDINATION_V1,
  DISCOVERY_V1,
  AUTOSCALING,
  EVENTS_V1,
};
const ALL: TypeRegistry = Object.assign({}, ...Object.values(GROUPS));

/** Field number of `field` in table `type`, or undefined when either is missing. */
function num(type: string, field: string): number | undefined {
  return ALL[type]?.[field]?.[1];
}

function refsOf(ft: FieldType): string[] {
  if (typeof ft === 'string') return [];
  if ('ref' in ft) return [ft.ref];
  if ('list' in ft) return refsOf(ft.list);
  return refsOf(ft.map);
}

t.test('no table has two fields with one proto number', async (t) => {
  const clashes: string[] = [];
  for (const [name, table] of Object.entries(ALL)) {
    const seen = new Map<number, string>();
    for (const [field, [, n]] of Object.entries(table)) {
      if (n === 0) continue;
      const other = seen.get(n);
      if (other !== undefined) clashes.push(`${name}: ${other} and ${field} both ${n}`);
      seen.set(n, field);
    }
  }
  t.same(clashes, []);
});

t.test('field numbers are non-negative integers and only type meta is JSON-only', async (t) => {
  const bad: string[] = [];
  for (const [name, table] of Object.entries(ALL)) {
    for (const [field, [, n]] of Object.entries(table)) {
      if (!Number.isInteger(n) || n < 0) bad.push(`${name}.${field}=${n}`);
      if (n === 0 && field !== 'apiVersion' && field !== 'kind') bad.push(`${name}.${field}=0`);
    }
  }
  t.same(bad, []);
});

t.test('each group prefixes its names consistently', async (t) => {
  const prefixes: Record<string, RegExp> = {
    APPS_V1: /^apps\.v1\./,
    BATCH_V1: /^batch\.v1\./,
    COORDINATION_V1: /^coordination\.v1\./,
    DISCOVERY_V1: /^discovery\.v1\./,
    AUTOSCALING: /^autoscaling\.v[12]\./,
    EVENTS_V1: /^events\.v1\./,
  };
  for (const [group, reg] of Object.entries(GROUPS)) {
    const off = Object.keys(reg).filter((k) => !prefixes[group]!.test(k));
    t.same(off, [], group);
  }
});

t.test('the kinds served are present with type meta, metadata and spec/status', async (t) => {
  const kinds = [
    'apps.v1.Deployment',
    'apps.v1.ReplicaSet',
    'apps.v1.DaemonSet',
    'apps.v1.StatefulSet',
    'batch.v1.Job',
    'batch.v1.CronJob',
    'autoscaling.v2.HorizontalPodAutoscaler',
    'autoscaling.v1.HorizontalPodAutoscaler',
  ];
  for (const k of kinds) {
    t.same(Object.keys(ALL[k] ?? {}), ['apiVersion', 'kind', 'metadata', 'spec', 'status'], k);
    t.same(ALL[k]!.metadata, [{ ref: 'meta.v1.ObjectMeta' }, 1], `${k}.metadata`);
    t.equal(num(k, 'spec'), 2);
    t.equal(num(k, 'status'), 3);
  }
  t.same(Object.keys(ALL['coordination.v1.Lease']!), ['apiVersion', 'kind', 'metadata', 'spec']);
  t.same(Object.keys(ALL['apps.v1.ControllerRevision']!), ['apiVersion', 'kind', 'metadata', 'data', 'revision']);
  t.same(Object.keys(ALL['discovery.v1.EndpointSlice']!), ['apiVersion', 'kind', 'metadata', 'addressType', 'endpoints', 'ports']);
  t.equal(Object.keys(ALL['events.v1.Event']!).length, 17);
});

t.test('well-known field numbers', async (t) => {
  const cases: [string, string, number][] = [
    ['apps.v1.DeploymentSpec', 'replicas', 1],
    ['apps.v1.DeploymentSpec', 'selector', 2],
    ['apps.v1.DeploymentSpec', 'template', 3],
    ['apps.v1.DeploymentSpec', 'strategy', 4],
    ['apps.v1.DeploymentSpec', 'progressDeadlineSeconds', 9],
    ['apps.v1.DeploymentStatus', 'readyReplicas', 7],
    ['apps.v1.DeploymentStatus', 'conditions', 6],
    ['apps.v1.DeploymentCondition', 'lastUpdateTime', 6],
    ['apps.v1.DeploymentCondition', 'lastTransitionTime', 7],
    ['apps.v1.ReplicaSetSpec', 'minReadySeconds', 4],
    ['apps.v1.DaemonSetSpec', 'revisionHistoryLimit', 6],
    ['apps.v1.StatefulSetSpec', 'serviceName', 5],
    ['apps.v1.StatefulSetSpec', 'persistentVolumeClaimRetentionPolicy', 10],
    ['apps.v1.StatefulSetSpec', 'ordinals', 11],
    ['apps.v1.StatefulSetStatus', 'availableReplicas', 11],
    ['batch.v1.JobSpec', 'parallelism', 1],
    ['batch.v1.JobSpec', 'completions', 2],
    ['batch.v1.JobSpec', 'activeDeadlineSeconds', 3],
    ['batch.v1.JobSpec', 'selector', 4],
    ['batch.v1.JobSpec', 'template', 6],
    ['batch.v1.JobSpec', 'backoffLimit', 7],
    ['batch.v1.JobSpec', 'podFailurePolicy', 11],
    ['batch.v1.JobSpec', 'backoffLimitPerIndex', 12],
    ['batch.v1.JobSpec', 'managedBy', 15],
    ['batch.v1.JobSpec', 'successPolicy', 16],
    ['batch.v1.JobStatus', 'ready', 9],
    ['batch.v1.JobStatus', 'terminating', 11],
    ['batch.v1.CronJobSpec', 'timeZone', 8],
    ['batch.v1.CronJobStatus', 'lastSuccessfulTime', 5],
    ['coordination.v1.LeaseSpec', 'renewTime', 4],
    ['coordination.v1.LeaseSpec', 'preferredHolder', 7],
    ['discovery.v1.EndpointSlice', 'addressType', 4],
    ['discovery.v1.Endpoint', 'hints', 8],
    ['discovery.v1.EndpointHints', 'forNodes', 2],
    ['autoscaling.v2.MetricSpec', 'containerResource', 7],
    ['autoscaling.v2.MetricSpec', 'external', 5],
    ['autoscaling.v2.HPAScalingRules', 'stabilizationWindowSeconds', 3],
    ['autoscaling.v2.HPAScalingRules', 'selectPolicy', 1],
    ['autoscaling.v2.ObjectMetricStatus', 'describedObject', 3],
    ['autoscaling.v1.ContainerResourceMetricSource', 'container', 5],
    ['autoscaling.v1.HorizontalPodAutoscalerSpec', 'targetCPUUtilizationPercentage', 4],
    ['events.v1.Event', 'eventTime', 2],
    ['events.v1.Event', 'deprecatedCount', 15],
  ];
  for (const [type, field, n] of cases) t.equal(num(type, field), n, `${type}.${field}`);
});

t.test('field types of note', async (t) => {
  t.same(ALL['apps.v1.RollingUpdateDeployment']!.maxSurge!.slice(0, 2), ['intOrString', 2]);
  t.equal(ALL['coordination.v1.LeaseSpec']!.acquireTime![0], 'microTime');
  t.equal(ALL['events.v1.Event']!.eventTime![0], 'microTime');
  t.same(ALL['discovery.v1.Endpoint']!.deprecatedTopology![0], { map: 'string' });
  t.same(ALL['batch.v1.PodFailurePolicyOnExitCodesRequirement']!.values![0], { list: 'int32' });
  t.equal(ALL['autoscaling.v2.MetricTarget']!.averageValue![0], 'quantity');
  t.equal(ALL['apps.v1.ControllerRevision']!.data![0], 'any');
  t.equal(ALL['batch.v1.JobSpec']!.activeDeadlineSeconds![0], 'int64');
});

t.test('required fields follow upstream', async (t) => {
  const required = (type: string) =>
    Object.entries(ALL[type] ?? {})
      .filter(([, [, , o]]) => o?.required === true)
      .map(([k]) => k);
  t.same(required('apps.v1.DeploymentSpec'), ['selector', 'template']);
  t.same(required('apps.v1.ReplicaSetSpec'), ['selector']);
  t.same(required('apps.v1.DaemonSetStatus'), ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']);
  t.same(required('batch.v1.JobSpec'), ['template']);
  t.same(required('batch.v1.CronJobSpec'), ['schedule', 'jobTemplate']);
  t.same(required('discovery.v1.EndpointSlice'), ['addressType', 'endpoints']);
  t.same(required('autoscaling.v2.HorizontalPodAutoscalerSpec'), ['scaleTargetRef', 'maxReplicas']);
  t.same(required('autoscaling.v2.HPAScalingPolicy'), ['type', 'value', 'periodSeconds']);
  t.same(required('events.v1.Event'), ['eventTime']);
  t.same(required('coordination.v1.LeaseSpec'), []);
});

t.test('strategic-merge and list-type metadata', async (t) => {
  t.same(ALL['apps.v1.DeploymentSpec']!.strategy![2]?.patchStrategy, 'retainKeys');
  for (const type of ['apps.v1.DeploymentStatus', 'apps.v1.ReplicaSetStatus', 'apps.v1.DaemonSetStatus', 'apps.v1.StatefulSetStatus', 'autoscaling.v2.HorizontalPodAutoscalerStatus']) {
    const o = ALL[type]!.conditions![2];
    t.same(
      { mergeKey: o?.mergeKey, patchStrategy: o?.patchStrategy, listType: o?.listType, listMapKeys: o?.listMapKeys },
      { mergeKey: 'type', patchStrategy: 'merge', listType: 'map', listMapKeys: ['type'] },
      type,
    );
  }
  const job = ALL['batch.v1.JobStatus']!.conditions![2];
  t.same([job?.mergeKey, job?.patchStrategy, job?.listType], ['type', 'merge', 'atomic']);
  t.equal(ALL['discovery.v1.Endpoint']!.addresses![2]?.listType, 'set');
  t.equal(ALL['batch.v1.UncountedTerminatedPods']!.failed![2]?.listType, 'set');
  t.equal(ALL['apps.v1.StatefulSetSpec']!.volumeClaimTemplates![2]?.listType, 'atomic');
  t.equal(ALL['autoscaling.v2.HorizontalPodAutoscalerSpec']!.metrics![2]?.listType, 'atomic');
});

t.test('refs to own types resolve; others are core or meta', async (t) => {
  const dangling: string[] = [];
  const foreign = new Set<string>();
  for (const [name, table] of Object.entries(ALL)) {
    for (const [field, [ft]] of Object.entries(table)) {
      for (const r of refsOf(ft)) {
        if (r.startsWith('core.') || r.startsWith('meta.')) foreign.add(r);
        else if (!(r in ALL)) dangling.push(`${name}.${field} -> ${r}`);
      }
    }
  }
  t.same(dangling, []);
  t.same([...foreign].sort(), [
    'core.v1.EventSource',
    'core.v1.ObjectReference',
    'core.v1.PersistentVolumeClaim',
    'core.v1.PodTemplateSpec',
    'meta.v1.LabelSelector',
    'meta.v1.ListMeta',
    'meta.v1.ObjectMeta',
  ]);
});
