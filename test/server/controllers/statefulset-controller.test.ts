import t from 'tap';
import { statefulSetController } from '../../../src/server/controllers/statefulset-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi, podTemplate, setPodStatus } from './workload-controllers-harness.js';

const sts = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: { replicas: 3, serviceName: `${name}-svc`, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
});
const names = (client: any, app: string) => client.list('pods', 'default').filter((p: any) => p.metadata.labels.app === app).map((p: any) => p.metadata.name).sort();
const ready = (client: any, name: string) => setPodStatus(client, client.get('pods', 'default', name), 'Running', true, { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z' }] });

t.test('OrderedReady: one at a time, each Running and Ready first; scale down in reverse', async (t) => {
  const { client, log, now } = await inProcessApi();
  const c = statefulSetController(client, log, defaultServerConfig(), { now });
  await client.create('statefulsets.apps', 'default', sts('web'));
  await c.reconcile('default/web');
  t.same(names(client, 'web'), ['web-0']);
  await c.reconcile('default/web');
  t.same(names(client, 'web'), ['web-0'], 'waits for web-0');
  const pod = client.get('pods', 'default', 'web-0');
  t.equal(pod.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-0');
  t.equal(pod.metadata.labels['apps.kubernetes.io/pod-index'], '0');
  t.match(pod.metadata.labels['controller-revision-hash'], /^web-/);
  t.equal(pod.spec.hostname, 'web-0');
  t.equal(pod.spec.subdomain, 'web-svc');
  await ready(client, 'web-0');
  await c.reconcile('default/web');
  t.same(names(client, 'web'), ['web-0', 'web-1']);
  await ready(client, 'web-1');
  await c.reconcile('default/web');
  await ready(client, 'web-2');
  await c.reconcile('default/web');
  let status = client.get('statefulsets.apps', 'default', 'web').status;
  t.equal(status.replicas, 3);
  t.equal(status.readyReplicas, 3);
  t.equal(status.availableReplicas, 3);
  t.equal(status.currentRevision, status.updateRevision);
  t.equal(status.updatedReplicas, 3);
  t.equal(status.observedGeneration, 1);

  const obj = client.get('statefulsets.apps', 'default', 'web');
  obj.spec.replicas = 1;
  await client.update('statefulsets.apps', obj);
  await c.reconcile('default/web');
  t.same(names(client, 'web'), ['web-0', 'web-1'], 'web-2 removed first');
  await c.reconcile('default/web');
  t.same(names(client, 'web'), ['web-0']);
  status = client.get('statefulsets.apps', 'default', 'web').status;
  t.equal(status.replicas, 1);
});

t.test('Parallel creates all; rolling update goes in reverse ordinal order down to the partition', async (t) => {
  const { client, log, now } = await inProcessApi();
  const c = statefulSetController(client, log, defaultServerConfig(), { now });
  await client.create('statefulsets.apps', 'default', sts('db', { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
  await c.reconcile('default/db');
  t.same(names(client, 'db'), ['db-0', 'db-1', 'db-2']);
  for (const n of ['db-0', 'db-1', 'db-2']) await ready(client, n);
  await c.reconcile('default/db');
  const before = client.get('statefulsets.apps', 'default', 'db').status.currentRevision;
  const obj = client.get('statefulsets.apps', 'default', 'db');
  obj.spec.template.spec.containers[0].image = 'busybox:2';
  await client.update('statefulsets.apps', obj);
  await c.reconcile('default/db');
  t.same(names(client, 'db'), ['db-0', 'db-1'], 'db-2 deleted first');
  await c.reconcile('default/db');
  const db2 = client.get('pods', 'default', 'db-2');
  t.equal(db2.spec.containers[0].image, 'busybox:2', 'recreated at the new revision');
  const status = client.get('statefulsets.apps', 'default', 'db').status;
  t.not(status.updateRevision, before);
  t.equal(status.currentRevision, before);
  await ready(client, 'db-2');
  await c.reconcile('default/db');
  t.same(names(client, 'db'), ['db-0', 'db-2'], 'then db-1');
  await c.reconcile('default/db');
  await ready(client, 'db-1');
  await c.reconcile('default/db');
  t.same(names(client, 'db'), ['db-0', 'db-1', 'db-2'], 'db-0 kept by the partition');
  t.equal(client.get('pods', 'default', 'db-0').spec.containers[0].image, 'busybox');
  t.equal(client.get('statefulsets.apps', 'default', 'db').status.updatedReplicas, 2);
});
