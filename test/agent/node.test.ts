import t from 'tap';
import { cpus } from 'node:os';
import { startCluster, runAgent, waitFor } from './helpers.js';

t.test('the node registers Ready with labels, capacity, addresses and nodeInfo', async (t) => {
  const cluster = await startCluster(t);
  const { agent } = runAgent(t, cluster, { controlPlane: true, labels: { zone: 'a' }, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] });
  await agent.ready;
  const node = await cluster.client.call('GET', '/api/v1/nodes/node-1');
  t.equal(node.metadata.labels['kubernetes.io/hostname'], 'node-1');
  t.equal(node.metadata.labels['kubernetes.io/os'], 'linux');
  t.ok(node.metadata.labels['kubernetes.io/arch']);
  t.equal(node.metadata.labels['node-role.kubernetes.io/control-plane'], 'true');
  t.equal(node.metadata.labels.zone, 'a');
  t.same(node.spec.podCIDRs, ['10.42.0.0/24']);
  t.equal(node.spec.podCIDR, '10.42.0.0/24');
  t.same(node.spec.taints, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]);
  t.equal(node.status.capacity.cpu, String(cpus().length));
  t.equal(node.status.capacity.pods, '110');
  t.match(node.status.capacity.memory, /^\d+Ki$/);
  t.match(node.status.allocatable['ephemeral-storage'], /^\d+Ki$/);
  const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
  t.match(ready, { status: 'True', reason: 'KubeletReady' });
  t.ok(ready.lastHeartbeatTime);
  for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) t.equal(node.status.conditions.find((c: any) => c.type === type)?.status, 'False', type);
  t.same(node.status.addresses, [{ type: 'InternalIP', address: '192.168.0.10' }, { type: 'Hostname', address: 'node-1' }]);
  t.equal(node.status.nodeInfo.containerRuntimeVersion, 'containerd://1.6.20');
  t.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.0+mk8s');
  t.equal(node.status.nodeInfo.operatingSystem, 'linux');
  t.equal(node.status.daemonEndpoints.kubeletEndpoint.Port, 10250);
});

t.test('a second start updates the existing node instead of failing', async (t) => {
  const cluster = await startCluster(t);
  const first = runAgent(t, cluster);
  await first.agent.ready;
  await first.agent.stop();
  const second = runAgent(t, cluster, { labels: { extra: 'yes' } });
  await second.agent.ready;
  const node = await cluster.client.call('GET', '/api/v1/nodes/node-1');
  t.equal(node.metadata.labels.extra, 'yes');
});

t.test('the lease is created and renewed', async (t) => {
  const cluster = await startCluster(t);
  const { agent, clock } = runAgent(t, cluster);
  await agent.ready;
  const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1';
  const lease = await cluster.client.call('GET', path);
  t.equal(lease.spec.holderIdentity, 'node-1');
  t.equal(lease.spec.leaseDurationSeconds, 40);
  t.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  clock.advance(10_000);
  const renewed = await waitFor('a renewal', async () => {
    const l = await cluster.client.call('GET', path);
    return l.spec.renewTime !== lease.spec.renewTime ? l : undefined;
  });
  t.equal(Date.parse(renewed.spec.renewTime) - Date.parse(lease.spec.renewTime), 10_000);
});

t.test('a node marked Ready=Unknown reports Ready again at its next lease renewal', async (t) => {
  const cluster = await startCluster(t);
  const { agent, clock } = runAgent(t, cluster);
  await agent.ready;
  const path = '/api/v1/nodes/node-1';
  const node = await cluster.client.call('GET', path);
  // What the node controller writes when it missed the heartbeats.
  const conditions = node.status.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } : c));
  await cluster.client.call('PUT', `${path}/status`, { body: { ...node, status: { ...node.status, conditions } } });
  t.equal((await cluster.client.call('GET', path)).status.conditions.find((c: any) => c.type === 'Ready').status, 'Unknown', 'marked Unknown');
  clock.advance(20);
  const ready = await waitFor('Ready=True again', async () => {
    const n = await cluster.client.call('GET', path);
    const c = n.status.conditions.find((x: any) => x.type === 'Ready');
    return c.status === 'True' ? c : undefined;
  });
  t.match(ready, { status: 'True', reason: 'KubeletReady' });
});
