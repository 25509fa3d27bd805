import t from 'tap';
import { startCluster, type ClusterNode } from './helpers/cluster.js';
import { expectOk } from './helpers/expect.js';
import { isRunningReady } from './helpers/pods.js';
import { waitFor } from './helpers/wait-for.js';
import { TEST_IMAGE } from './helpers/test-image.js';

// A node that stops reporting: its agent is killed (SIGKILL), the Node goes Ready=Unknown with
// the unreachable taints after --node-monitor-grace-period, its pods are evicted once their
// default toleration (--default-unreachable-toleration-seconds) runs out and come back on the
// surviving node; the agent starts again and the node is Ready, untainted, and its old pods end.
t.setTimeout(300_000);

const MOVER = String.raw`
apiVersion: apps/v1
kind: Deployment
metadata: {name: mover}
spec:
  replicas: 4
  selector: {matchLabels: {app: mover}}
  template:
    metadata: {labels: {app: mover}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - {name: main, image: ${TEST_IMAGE}, imagePullPolicy: IfNotPresent, command: ["sleep", "3600"]}
`;

const UNREACHABLE = 'node.kubernetes.io/unreachable';

t.test('a killed agent\'s node goes NotReady and its pods move to the other node', async (t) => {
  const { server, nodes } = await startCluster(t, {
    nodes: 2,
    serverArgs: ['--node-monitor-grace-period', '5s', '--default-unreachable-toleration-seconds', '3', '--default-not-ready-toleration-seconds', '3'],
  });
  const [node0, node1] = nodes as [ClusterNode, ClusterNode];
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 100_000 });
  const get = async (path: string) => {
    const res = await server.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body}`);
    return res.json();
  };
  const movers = async (): Promise<any[]> => (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dmover')).items;
  const readyOf = (node: any) => node.status?.conditions?.find((c: any) => c.type === 'Ready');

  expectOk(t, await k(['apply', '-f', '-'], MOVER), 'create deployment mover (4 replicas)');
  expectOk(t, await k(['rollout', 'status', 'deploy/mover', '--timeout=90s']), 'mover rolls out');
  const before = await movers();
  const onNode1 = before.filter((p) => p.spec.nodeName === node1.name);
  t.ok(onNode1.length > 0 && onNode1.length < 4, `the pods are spread (${onNode1.length} of 4 on node1)`);
  const tolerations = before[0].spec.tolerations ?? [];
  t.ok(tolerations.some((x: any) => x.key === UNREACHABLE && x.operator === 'Exists' && x.effect === 'NoExecute' && x.tolerationSeconds === 3), 'admission added the unreachable toleration with the flag\'s 3 s');
  t.ok(tolerations.some((x: any) => x.key === 'node.kubernetes.io/not-ready' && x.effect === 'NoExecute' && x.tolerationSeconds === 3), 'and the not-ready one');

  const node0Ready = readyOf(await get(`/api/v1/nodes/${node0.name}`));

  await node1.kill('SIGKILL');
  const killedAt = Date.now();
  const lost = await waitFor(async () => {
    const n = await get(`/api/v1/nodes/${node1.name}`);
    return readyOf(n)?.status === 'Unknown' ? n : undefined;
  }, 'node1 to go Ready=Unknown', 30_000, 200);
  t.pass(`node1 went Ready=Unknown ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`);
  t.equal(readyOf(lost).reason, 'NodeStatusUnknown', 'reason NodeStatusUnknown');
  const tainted = await waitFor(async () => {
    const n = await get(`/api/v1/nodes/${node1.name}`);
    const taints: any[] = n.spec?.taints ?? [];
    return taints.some((x) => x.key === UNREACHABLE && x.effect === 'NoExecute') ? taints : undefined;
  }, 'the unreachable NoExecute taint on node1', 30_000, 200);
  t.ok(tainted.some((x: any) => x.key === UNREACHABLE && x.effect === 'NoSchedule'), 'taint unreachable:NoSchedule');
  t.ok(tainted.find((x: any) => x.key === UNREACHABLE && x.effect === 'NoExecute')?.timeAdded, 'taint unreachable:NoExecute with timeAdded');
  t.match(expectOk(t, await k(['get', 'node', node1.name]), 'kubectl get node'), new RegExp(`^${node1.name}\\s+NotReady\\s`, 'm'), 'kubectl shows NotReady');
  const events = (await get(`/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${node1.name}`)}`)).items;
  t.ok(events.some((e: any) => e.reason === 'NodeNotReady'), 'a NodeNotReady event');

  const moved = await waitFor(async () => {
    const all = await movers();
    const alive = all.filter((p) => !p.metadata.deletionTimestamp);
    const evicted = onNode1.every((o) => all.find((p) => p.metadata.name === o.metadata.name)?.metadata.deletionTimestamp);
    return evicted && alive.length === 4 && alive.every((p) => p.spec.nodeName === node0.name && isRunningReady(p)) ? all : undefined;
  }, 'node1\'s pods to be evicted and 4 mover pods to run on node0', 60_000, 200);
  t.pass(`4 mover pods run on node0 ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`);
  const evicted = moved.filter((p) => p.metadata.deletionTimestamp);
  t.same(evicted.map((p) => p.metadata.name).sort(), onNode1.map((p) => p.metadata.name).sort(), 'exactly node1\'s pods were evicted (Terminating until the node answers)');
  const onNode0 = before.filter((p) => p.spec.nodeName === node0.name).map((p) => p.metadata.name);
  t.ok(onNode0.every((name) => moved.some((p) => p.metadata.name === name && !p.metadata.deletionTimestamp)), 'node0\'s own pods were left alone');
  const survivor = readyOf(await get(`/api/v1/nodes/${node0.name}`));
  t.match(survivor, { status: 'True', lastTransitionTime: node0Ready.lastTransitionTime }, 'node0 stayed Ready the whole time (its lease is renewed well within the 5 s grace)');
  const evictionEvents = (await get('/api/v1/namespaces/default/events')).items.filter((e: any) => e.reason === 'TaintManagerEviction');
  t.ok(onNode1.every((p) => evictionEvents.some((e: any) => e.involvedObject?.name === p.metadata.name)), 'a TaintManagerEviction event per evicted pod');
  t.match(expectOk(t, await k(['rollout', 'status', 'deploy/mover', '--timeout=30s']), 'rollout status'), /successfully rolled out/, 'the deployment is whole again');

  await node1.start();
  t.pass('node1\'s agent restarted and the node is Ready');
  await waitFor(async () => !((await get(`/api/v1/nodes/${node1.name}`)).spec?.taints ?? []).some((x: any) => x.key === UNREACHABLE), 'the unreachable taints to be removed', 30_000, 200);
  t.pass('the unreachable taints are gone');
  await waitFor(async () => {
    const names = (await movers()).map((p) => p.metadata.name);
    return onNode1.every((o) => !names.includes(o.metadata.name));
  }, 'the evicted pods to finish terminating on node1', 60_000, 200);
  t.pass('the evicted pods are gone once node1\'s agent is back');
  t.match(expectOk(t, await k(['get', 'node', node1.name]), 'kubectl get node'), new RegExp(`^${node1.name}\\s+Ready\\s`, 'm'), 'kubectl shows Ready');

  expectOk(t, await k(['scale', 'deploy/mover', '--replicas=6']), 'scale mover to 6');
  const six = await waitFor(async () => {
    const all = await movers();
    return all.length === 6 && all.every(isRunningReady) ? all : undefined;
  }, '6 running mover pods', 60_000, 200);
  t.ok(six.some((p) => p.spec.nodeName === node1.name), 'new pods land on node1 again');

  expectOk(t, await k(['delete', 'deploy', 'mover']), 'delete mover');
  await waitFor(async () => (await movers()).length === 0, 'every mover pod gone', 60_000, 200);
});
