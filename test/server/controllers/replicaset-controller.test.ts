import t from 'tap';
import { replicaSetController } from '../../../src/server/controllers/replicaset-controller.js';
import { inProcessApi, quietLog } from '../scheduler/scheduler-fixtures.js';

const rsObj = (name: string, replicas: number, extra: any = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...extra },
});

async function setup(t: any, now = () => Date.parse('2024-05-01T00:00:00Z')) {
  const env = await inProcessApi(['default'], now);
  t.teardown(env.stop);
  const spec = replicaSetController(env.client, quietLog, undefined, { now });
  t.teardown(spec.watch(() => {}));
  const pods = () => env.client.list('pods', 'default');
  const reasons = () => env.client.list('events', 'default').map((e: any) => `${e.reason}: ${e.message}`);
  return { ...env, spec, pods, reasons };
}

async function markReady(client: any, pod: any, at = '2024-05-01T00:00:00Z') {
  const p = client.get('pods', pod.metadata.namespace, pod.metadata.name);
  p.status = { ...(p.status ?? {}), phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }] };
  await client.updateStatus('pods', p);
}

t.test('scale up: pods from the template with a controller ownerReference, events, status', async (t) => {
  const { client, spec, pods, reasons } = await setup(t);
  const rs = await client.create('replicasets', 'default', rsObj('web', 3));
  await spec.reconcile('default/web');
  const created = pods();
  t.equal(created.length, 3);
  for (const p of created) {
    t.match(p.metadata.name, /^web-[a-z0-9]{5}$/);
    t.same(p.metadata.labels, { app: 'web', tier: 'web' });
    t.same(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  t.same(reasons().sort(), created.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  const first = client.get('replicasets', 'default', 'web').status;
  t.match(first, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  t.notOk('readyReplicas' in first || 'availableReplicas' in first, 'zero counters are omitted, as upstream writes them');
  await spec.reconcile('default/web');
  t.equal(pods().length, 3, 'a second pass creates nothing');
});

t.test('expectations: no double create while creates are unobserved', async (t) => {
  const { client, spec, pods } = await setup(t);
  await client.create('replicasets', 'default', rsObj('web', 2));
  spec.expectations.expectCreations('default/web', 2);
  await spec.reconcile('default/web');
  t.equal(pods().length, 0, 'waits for the two pods it expects');
  spec.expectations.creationObserved('default/web');
  spec.expectations.creationObserved('default/web');
  await spec.reconcile('default/web');
  t.equal(pods().length, 2);
});

t.test('scale down deletes unscheduled and not-ready pods first; readiness in status', async (t) => {
  const { client, spec, pods, reasons } = await setup(t);
  await client.create('replicasets', 'default', rsObj('web', 3));
  await spec.reconcile('default/web');
  const [a, b, c] = pods();
  for (const p of [a, b]) {
    const bound = client.get('pods', 'default', p.metadata.name);
    await client.api.bindPod('default', bound.metadata.name, 'n1');
    await markReady(client, bound);
  }
  await spec.reconcile('default/web');
  t.match(client.get('replicasets', 'default', 'web').status, { replicas: 3, readyReplicas: 2, availableReplicas: 2 });
  const rs = client.get('replicasets', 'default', 'web');
  rs.spec.replicas = 2;
  await client.update('replicasets', rs);
  await spec.reconcile('default/web');
  t.same(pods().map((p) => p.metadata.name).sort(), [a.metadata.name, b.metadata.name].sort(), 'the unscheduled pod went');
  t.ok(reasons().includes(`SuccessfulDelete: Deleted pod: ${c.metadata.name}`));
  t.match(client.get('replicasets', 'default', 'web').status, { replicas: 2, readyReplicas: 2, observedGeneration: 2 });
});

t.test('adopts matching orphans and releases pods that stop matching', async (t) => {
  const { client, spec, pods } = await setup(t);
  await client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const rs = await client.create('replicasets', 'default', rsObj('web', 2));
  await spec.reconcile('default/web');
  t.equal(pods().length, 2, 'the orphan counts: one pod created');
  t.equal(client.get('pods', 'default', 'orphan').metadata.ownerReferences[0].uid, rs.metadata.uid, 'adopted');
  const orphan = client.get('pods', 'default', 'orphan');
  orphan.metadata.labels = { app: 'other' };
  await client.update('pods', orphan);
  await spec.reconcile('default/web');
  t.notOk(client.get('pods', 'default', 'orphan').metadata.ownerReferences, 'released');
  t.equal(pods().filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid).length, 2, 'replaced');
});

t.test('minReadySeconds: available only after the delay', async (t) => {
  let now = Date.parse('2024-05-01T00:00:05Z');
  const { client, spec, pods } = await setup(t, () => now);
  await client.create('replicasets', 'default', rsObj('web', 1, { minReadySeconds: 10 }));
  await spec.reconcile('default/web');
  await markReady(client, pods()[0], '2024-05-01T00:00:00Z');
  await spec.reconcile('default/web');
  t.match(client.get('replicasets', 'default', 'web').status, { readyReplicas: 1 });
  t.equal(client.get('replicasets', 'default', 'web').status.availableReplicas, undefined);
  now = Date.parse('2024-05-01T00:00:11Z');
  await spec.reconcile('default/web');
  t.match(client.get('replicasets', 'default', 'web').status, { readyReplicas: 1, availableReplicas: 1 });
});

t.test('the loop replaces a deleted pod', async (t) => {
  const { client, pods } = await setup(t);
  const { runController } = await import('../../../src/server/controllers/controller.js');
  const running = runController(replicaSetController(client, quietLog), quietLog);
  t.teardown(() => running.stop());
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      if (pred()) return resolve();
      const w = client.watch('pods', 'default', {}, () => {
        if (pred()) {
          w.close();
          resolve();
        }
      });
    });
  await client.create('replicasets', 'default', rsObj('web', 2));
  await until(() => pods().length === 2);
  const victim = pods()[0].metadata.name;
  await client.delete('pods', 'default', victim, { gracePeriodSeconds: 0 });
  await until(() => pods().filter((p) => !p.metadata.deletionTimestamp && p.metadata.name !== victim).length === 2);
  t.pass('replaced');
});
