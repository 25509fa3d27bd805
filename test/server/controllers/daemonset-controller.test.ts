import t from 'tap';
import { daemonSetController } from '../../../src/server/controllers/daemonset-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi, podTemplate, setPodStatus } from './workload-controllers-harness.js';

const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
});
const daemonSet = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }, extra) },
});
const podsOf = (client: any, app: string) => client.list('pods', 'default').filter((p: any) => p.metadata.labels.app === app && !p.metadata.deletionTimestamp);

t.test('one pod per eligible node, none on a tainted one', async (t) => {
  const { client, log, now } = await inProcessApi();
  await client.create('nodes', undefined, node('n1', { disk: 'ssd' }));
  await client.create('nodes', undefined, node('n2'));
  await client.create('nodes', undefined, node('n3', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
  await client.create('nodes', undefined, node('n4', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]));
  const c = daemonSetController(client, log, defaultServerConfig(), { now });
  await client.create('daemonsets.apps', 'default', daemonSet('agent'));
  await c.reconcile('default/agent');
  const pods = podsOf(client, 'agent');
  t.same(pods.map((p: any) => p.spec.nodeName).sort(), ['n1', 'n2', 'n4'], 'cordoned n4 tolerated, tainted n3 not');
  const pod = pods[0];
  t.ok(pod.metadata.labels['controller-revision-hash']);
  t.ok(pod.spec.tolerations.some((x: any) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute' && x.tolerationSeconds === undefined));
  t.equal(pod.metadata.ownerReferences[0].kind, 'DaemonSet');
  t.equal(client.list('controllerrevisions.apps', 'default').length, 1, 'a ControllerRevision');
  await c.reconcile('default/agent');
  t.equal(podsOf(client, 'agent').length, 3, 'no duplicates');
  let status = client.get('daemonsets.apps', 'default', 'agent').status;
  t.equal(status.desiredNumberScheduled, 3);
  t.equal(status.currentNumberScheduled, 3);
  t.equal(status.numberReady, 0);
  for (const p of podsOf(client, 'agent')) await setPodStatus(client, p, 'Running', true, { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z' }] });
  await c.reconcile('default/agent');
  status = client.get('daemonsets.apps', 'default', 'agent').status;
  t.equal(status.numberReady, 3);
  t.equal(status.numberAvailable, 3);
  t.equal(status.updatedNumberScheduled, 3);
  t.equal(status.observedGeneration, 1);

  await client.create('daemonsets.apps', 'default', daemonSet('ssd', { nodeSelector: { disk: 'ssd' } }));
  await c.reconcile('default/ssd');
  t.same(podsOf(client, 'ssd').map((p: any) => p.spec.nodeName), ['n1'], 'nodeSelector honoured');
});

t.test('rolling update replaces one pod at a time', async (t) => {
  const { client, log, now } = await inProcessApi();
  for (const n of ['a', 'b', 'c']) await client.create('nodes', undefined, node(n));
  const c = daemonSetController(client, log, defaultServerConfig(), { now });
  await client.create('daemonsets.apps', 'default', daemonSet('web'));
  await c.reconcile('default/web');
  const ready = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z' }] };
  for (const p of podsOf(client, 'web')) await setPodStatus(client, p, 'Running', true, ready);
  const oldHash = podsOf(client, 'web')[0].metadata.labels['controller-revision-hash'];
  const ds = client.get('daemonsets.apps', 'default', 'web');
  ds.spec.template.spec.containers[0].image = 'busybox:2';
  await client.update('daemonsets.apps', ds);
  await c.reconcile('default/web');
  let pods = podsOf(client, 'web');
  t.equal(pods.length, 2, 'one old pod deleted (maxUnavailable 1)');
  await c.reconcile('default/web');
  t.equal(podsOf(client, 'web').length, 2, 'its replacement waits for the old pod to go');
  const gone = client.list('pods', 'default').find((p) => p.metadata.deletionTimestamp)!;
  await client.delete('pods', 'default', gone.metadata.name, { gracePeriodSeconds: 0 });
  await c.reconcile('default/web');
  pods = podsOf(client, 'web');
  t.equal(pods.length, 3);
  const fresh = pods.filter((p: any) => p.metadata.labels['controller-revision-hash'] !== oldHash);
  t.equal(fresh.length, 1, 'one pod of the new revision');
  t.equal(client.list('controllerrevisions.apps', 'default').length, 2);
  await c.reconcile('default/web');
  t.equal(podsOf(client, 'web').length, 3, 'the new pod is not ready: no further old pod deleted');
  t.equal(client.get('daemonsets.apps', 'default', 'web').status.updatedNumberScheduled, 1);
});
