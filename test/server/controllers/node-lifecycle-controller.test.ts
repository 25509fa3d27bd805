import t from 'tap';
import { evictionDeadline, nodeLifecycleController } from '../../../src/server/controllers/node-lifecycle-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi } from './workload-controllers-harness.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

async function cluster() {
  const env = await inProcessApi(['default', 'kube-node-lease']);
  const { client } = env;
  const node = await client.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  node.status = { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) }, { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(T0) }] };
  await client.updateStatus('nodes', node);
  await client.create('leases.coordination.k8s.io', 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1' }, spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:00.000000Z' } });
  const pod = async (name: string, tolerations?: unknown[]) => {
    const p = await client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }], tolerations } });
    p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    return client.updateStatus('pods', p);
  };
  await pod('plain');
  await pod('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]);
  await pod('daemon', [{ operator: 'Exists', effect: 'NoExecute' }]);
  return env;
}

const live = (client: any) => client.list('pods', 'default').filter((p: any) => !p.metadata.deletionTimestamp).map((p: any) => p.metadata.name).sort();

t.test('a stale lease makes the node Unknown, tainted, and its pods evicted after their tolerations', async (t) => {
  const { client, log, now, clock } = await cluster();
  const c = nodeLifecycleController(client, log, defaultServerConfig({ nodeMonitorGracePeriodSeconds: 40 }), { now });
  t.ok(client.get('pods', 'default', 'plain').spec.tolerations.some((x: any) => x.key === 'node.kubernetes.io/unreachable' && x.tolerationSeconds === 300), 'default toleration from admission');
  clock.now = T0 + 30_000;
  await c.reconcile('n1');
  t.equal(client.get('nodes', undefined, 'n1').status.conditions[0].status, 'True', 'within the grace period');
  t.notOk(client.get('nodes', undefined, 'n1').spec?.taints);

  clock.now = T0 + 41_000;
  await c.reconcile('n1');
  const node = client.get('nodes', undefined, 'n1');
  const ready = node.status.conditions.find((x: any) => x.type === 'Ready');
  t.equal(ready.status, 'Unknown');
  t.equal(ready.reason, 'NodeStatusUnknown');
  t.equal(ready.message, 'Kubelet stopped posting node status.');
  t.equal(node.status.conditions.find((x: any) => x.type === 'MemoryPressure').status, 'Unknown');
  t.same(node.spec.taints.map((x: any) => `${x.key}:${x.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  t.equal(node.spec.taints.find((x: any) => x.effect === 'NoExecute').timeAdded, iso(T0 + 41_000));
  t.equal(client.get('pods', 'default', 'plain').status.conditions[0].status, 'False', 'pods marked not ready');
  t.ok(client.list('events', 'default').some((e) => e.reason === 'NodeNotReady'));
  t.same(live(client), ['daemon', 'plain', 'short'], 'nothing evicted yet');

  clock.now = T0 + 52_000;
  await c.reconcile('n1');
  t.same(live(client), ['daemon', 'plain'], 'short toleration ran out');
  clock.now = T0 + 342_000;
  await c.reconcile('n1');
  t.same(live(client), ['daemon'], 'default 300 s toleration ran out; tolerate-forever pod stays');

  // The kubelet comes back.
  const lease = client.get('leases.coordination.k8s.io', 'kube-node-lease', 'n1');
  lease.spec.renewTime = new Date(clock.now).toISOString().replace('Z', '000Z');
  await client.update('leases.coordination.k8s.io', lease);
  const back = client.get('nodes', undefined, 'n1');
  back.status.conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: iso(clock.now), lastTransitionTime: iso(clock.now) }];
  await client.updateStatus('nodes', back);
  await c.reconcile('n1');
  t.notOk(client.get('nodes', undefined, 'n1').spec.taints, 'taints removed on recovery');
});

t.test('Ready=False gets not-ready taints; untolerated NoExecute evicts at once', async (t) => {
  const { client, log, now, clock } = await cluster();
  const c = nodeLifecycleController(client, log, defaultServerConfig(), { now });
  clock.now = T0 + 5_000;
  const node = client.get('nodes', undefined, 'n1');
  node.status.conditions[0] = { ...node.status.conditions[0], status: 'False', reason: 'KubeletNotReady', lastHeartbeatTime: iso(clock.now) };
  await client.updateStatus('nodes', node);
  await c.reconcile('n1');
  t.same(client.get('nodes', undefined, 'n1').spec.taints.map((x: any) => `${x.key}:${x.effect}`).sort(), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
  t.same(live(client), ['daemon', 'plain', 'short'], 'all tolerate not-ready for a while (admission defaults)');
  const tainted = client.get('nodes', undefined, 'n1');
  tainted.spec.taints.push({ key: 'dedicated', value: 'x', effect: 'NoExecute' });
  await client.update('nodes', tainted);
  await c.reconcile('n1');
  t.same(live(client), ['daemon'], 'an untolerated NoExecute taint evicts at once');
  t.ok(client.get('nodes', undefined, 'n1').spec.taints.some((x: any) => x.key === 'dedicated'), 'foreign taints kept');
  t.equal(evictionDeadline([], [{ key: 'k', effect: 'NoExecute' }], 7), 7, 'no toleration: now');
  t.equal(evictionDeadline([{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], [{ key: 'k', effect: 'NoExecute', timeAdded: iso(T0) }], 7), T0 + 5000);
});
