import t from 'tap';
import { runController } from '../../../src/server/controllers/controller.js';
import { schedulerController } from '../../../src/server/scheduler/index.js';
import { inProcessApi, node, pod, quietLog } from './scheduler-fixtures.js';

const events = (client: any) => client.list('events', 'default').map((e: any) => ({ reason: e.reason, type: e.type, message: e.message, count: e.count, uid: e.involvedObject.uid, source: e.source.component, reporting: e.reportingComponent }));

t.test('a cycle binds the pod and records Scheduled', async (t) => {
  const { client, stop } = await inProcessApi();
  t.teardown(stop);
  await client.create('nodes', undefined, node('n1', { cpu: '1' }));
  await client.create('nodes', undefined, node('n2', { cpu: '4' }));
  const created = await client.create('pods', 'default', pod('web', { cpu: '2' }));
  const spec = schedulerController(client, quietLog);
  const stopWatch = spec.watch(() => {});
  t.teardown(stopWatch);
  await spec.reconcile('/registry/core/pods/default/web');
  const bound = client.get('pods', 'default', 'web');
  t.equal(bound.spec.nodeName, 'n2');
  t.match(bound.status.conditions, [{ type: 'PodScheduled', status: 'True' }]);
  t.same(events(client), [{ reason: 'Scheduled', type: 'Normal', message: 'Successfully assigned default/web to n2', count: 1, uid: created.metadata.uid, source: 'default-scheduler', reporting: 'default-scheduler' }]);
  t.equal(spec.nodes.get('n2')!.requested.milliCpu, 2000, 'the node-info cache counts the bound pod');
  await spec.reconcile('/registry/core/pods/default/web');
  t.equal(client.list('events', 'default').length, 1, 'a bound pod is left alone');
});

t.test('pods of other schedulers are left alone', async (t) => {
  const { client, stop } = await inProcessApi();
  t.teardown(stop);
  await client.create('nodes', undefined, node('n1'));
  await client.create('pods', 'default', pod('other', { spec: { schedulerName: 'my-scheduler' } }));
  const spec = schedulerController(client, quietLog);
  t.teardown(spec.watch(() => {}));
  await spec.reconcile('/registry/core/pods/default/other');
  t.notOk(client.get('pods', 'default', 'other').spec.nodeName);
  t.same(client.list('events', 'default'), []);
});

t.test('a pod that fits nowhere: condition, aggregated FailedScheduling, retried when a node appears', async (t) => {
  const { client, stop } = await inProcessApi();
  t.teardown(stop);
  const cp = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };
  await client.create('nodes', undefined, node('small', { cpu: '1' }));
  await client.create('nodes', undefined, node('cp1', cp));
  await client.create('nodes', undefined, node('cp2', cp));
  await client.create('pods', 'default', pod('big', { cpu: '2' }));
  const spec = schedulerController(client, quietLog);
  const queued: string[] = [];
  t.teardown(spec.watch((k) => queued.push(k)));
  t.same(queued, ['/registry/core/pods/default/big'], 'pending pods are queued at start');
  queued.length = 0;
  await spec.reconcile('/registry/core/pods/default/big');
  const message = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  const p = client.get('pods', 'default', 'big');
  t.notOk(p.spec.nodeName);
  t.match(p.status.conditions, [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }]);
  t.match(events(client), [{ reason: 'FailedScheduling', type: 'Warning', message, count: 1, uid: p.metadata.uid }]);
  t.same(queued, [], 'its own status write does not re-queue it');

  await spec.reconcile('/registry/core/pods/default/big');
  t.equal(client.list('events', 'default').length, 1, 'same message: one event');
  t.equal(client.list('events', 'default')[0].count, 2, 'count bumped');

  // A heartbeat (timestamps only) is no reason to retry; a new node is.
  const small = client.get('nodes', undefined, 'small');
  small.status.conditions[0].lastHeartbeatTime = '2024-01-01T00:00:00Z';
  await client.updateStatus('nodes', small);
  t.same(queued, [], 'heartbeat ignored');
  await client.create('nodes', undefined, node('large', { cpu: '8' }));
  t.same(queued, ['/registry/core/pods/default/big'], 'retried on node added');
  await spec.reconcile('/registry/core/pods/default/big');
  t.equal(client.get('pods', 'default', 'big').spec.nodeName, 'large');
});

t.test('a deleted bound pod frees room for a waiting one', async (t) => {
  const { client, stop } = await inProcessApi();
  t.teardown(stop);
  await client.create('nodes', undefined, node('n', { cpu: '1' }));
  await client.create('pods', 'default', pod('a', { cpu: '800m', nodeName: 'n' }));
  await client.create('pods', 'default', pod('b', { cpu: '800m' }));
  const spec = schedulerController(client, quietLog);
  const queued: string[] = [];
  t.teardown(spec.watch((k) => queued.push(k)));
  await spec.reconcile('/registry/core/pods/default/b');
  t.notOk(client.get('pods', 'default', 'b').spec.nodeName);
  queued.length = 0;
  await client.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
  if (client.tryGet('pods', 'default', 'a')) {
    // Pods end through the kubelet; finish the deletion as it would.
    const a = client.get('pods', 'default', 'a');
    a.status = { ...(a.status ?? {}), phase: 'Succeeded' };
    await client.updateStatus('pods', a);
  }
  t.ok(queued.includes('/registry/core/pods/default/b'), 're-queued');
  await spec.reconcile('/registry/core/pods/default/b');
  t.equal(client.get('pods', 'default', 'b').spec.nodeName, 'n');
});

t.test('the whole loop spreads a controller\'s pods over nodes', async (t) => {
  const { client, stop } = await inProcessApi();
  t.teardown(stop);
  for (const n of ['n1', 'n2', 'n3']) await client.create('nodes', undefined, node(n));
  const running = runController(schedulerController(client, quietLog), quietLog);
  t.teardown(() => running.stop());
  const done = new Promise<void>((resolve) => {
    const w = client.watch('pods', 'default', {}, () => {
      if (client.list('pods', 'default').every((p) => p.spec.nodeName)) {
        w.close();
        resolve();
      }
    });
  });
  for (let i = 0; i < 6; i++) await client.create('pods', 'default', pod(`p${i}`, { owner: 'rs-uid' }));
  await done;
  const perNode = new Map<string, number>();
  for (const p of client.list('pods', 'default')) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  t.same([...perNode.values()], [2, 2, 2]);
});
