import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCluster, runAgent, pod, podWhere, waitFor } from './helpers.js';
import { FakeRuntime } from '../../src/runtime/index.js';

const BUSY = 'busybox:1.36';
const cond = (p: any, type: string) => p.status?.conditions?.find((c: any) => c.type === type)?.status;
const idOf = (p: any, i = 0) => p.status.containerStatuses[i].containerID.slice('containerd://'.length);

t.test('a container exiting 1 under Always restarts with growing back-off (CrashLoopBackOff)', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime, clock } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('crash', { containers: [{ name: 'c', image: BUSY }] }) });
  const running = (restarts: number) => podWhere(cluster.client, 'crash', `running after ${restarts} restarts`, (p) => p.status?.containerStatuses?.[0]?.state?.running && p.status.containerStatuses[0].restartCount === restarts);
  let p = await running(0);
  runtime.exitContainer(idOf(p), 1);
  p = await running(1); // the first restart is immediate
  t.match(p.status.containerStatuses[0].lastState, { terminated: { exitCode: 1, reason: 'Error' } });
  runtime.exitContainer(idOf(p), 1);
  p = await podWhere(cluster.client, 'crash', 'CrashLoopBackOff', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
  t.match(p.status.containerStatuses[0].state.waiting.message, /back-off 10s restarting failed container=c/);
  t.equal(p.status.containerStatuses[0].restartCount, 1);
  t.equal(p.status.phase, 'Running');
  clock.advance(9_000);
  await agent.syncNow();
  t.equal((await runtime.listContainers()).length, 2, 'still backing off at 9 s');
  clock.advance(1_000);
  p = await running(2);
  runtime.exitContainer(idOf(p), 1);
  await podWhere(cluster.client, 'crash', 'CrashLoopBackOff 20s', (p) => /back-off 20s/.test(p.status?.containerStatuses?.[0]?.state?.waiting?.message ?? ''));
  clock.advance(10_000);
  await agent.syncNow();
  t.equal((await cluster.client.call('GET', '/api/v1/namespaces/default/pods/crash')).status.containerStatuses[0].restartCount, 2, 'still backing off at 10 of 20 s');
  clock.advance(10_000);
  p = await running(3);
  t.equal((await runtime.listContainers()).length, 2, 'only the current and the previous attempt are kept');
  const loc = agent.findContainer('default', 'crash');
  t.match(loc, { attempt: 3 });
  t.match(loc?.previousLogPath, /c-2\.log$/);
  await agent.syncNow();
  const events = await cluster.client.call('GET', '/api/v1/namespaces/default/events');
  t.ok(events.items.some((e: any) => e.reason === 'BackOff' && e.type === 'Warning'));
  const started = events.items.filter((e: any) => e.reason === 'Started');
  t.equal(started.length, 1, 'aggregated into one event');
  t.equal(started[0].count, 4);
});

t.test('a failed liveness probe (exec) kills and restarts the container', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime, clock } = runAgent(t, cluster);
  await agent.ready;
  let healthy = true;
  runtime.execHandler = (_id, cmd) => (cmd[0] === 'check' ? (healthy ? 0 : 1) : 0);
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', {
    body: pod('live', { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: BUSY, livenessProbe: { exec: { command: ['check'] }, periodSeconds: 10, failureThreshold: 2 } }] }),
  });
  let p = await podWhere(cluster.client, 'live', 'Running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  const first = idOf(p);
  await waitFor('first probe', () => runtime.calls.some((c) => c.op === 'exec'));
  healthy = false;
  clock.advance(10_000);
  await agent.syncNow();
  t.equal((await runtime.containerStatus(first)).state, 'running', 'one failure is below the threshold');
  clock.advance(10_000);
  p = await podWhere(cluster.client, 'live', 'restarted', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && p.status.containerStatuses[0].state.running);
  t.ok(runtime.calls.some((c) => c.op === 'stopContainer' && c.arg === `${first}:5`));
  await agent.syncNow();
  const events = await cluster.client.call('GET', '/api/v1/namespaces/default/events');
  t.ok(events.items.some((e: any) => e.reason === 'Unhealthy' && /Liveness probe failed/.test(e.message)));
  t.ok(events.items.some((e: any) => e.reason === 'Killing'));
});

t.test('a readiness probe (httpGet against a local server) toggles Ready', async (t) => {
  let code = 503;
  const seen: string[] = [];
  const http = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.host} ${req.headers['x-probe']}`);
    res.writeHead(code).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.2', r));
  t.teardown(() => new Promise((r) => http.close(r)));
  const port = (http.address() as AddressInfo).port;
  const cluster = await startCluster(t);
  const { agent, clock } = runAgent(t, cluster, { runtime: new FakeRuntime({ images: [BUSY], podNet: '127.0.0' }) });
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', {
    body: pod('ready', {
      containers: [{
        name: 'c', image: BUSY, ports: [{ name: 'http', containerPort: port }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] }, periodSeconds: 5, failureThreshold: 1 },
      }],
    }),
  });
  let p = await podWhere(cluster.client, 'ready', 'Running, not Ready', (p) => p.status?.phase === 'Running' && seen.length > 0);
  t.equal(cond(p, 'Ready'), 'False');
  t.equal(p.status.containerStatuses[0].ready, false);
  t.match(seen[0], /^\/healthz 127\.0\.0\.2:\d+ yes$/);
  code = 200;
  clock.advance(5_000);
  p = await podWhere(cluster.client, 'ready', 'Ready', (p) => cond(p, 'Ready') === 'True' && cond(p, 'ContainersReady') === 'True');
  t.equal(p.status.containerStatuses[0].ready, true);
  code = 500;
  clock.advance(5_000);
  p = await podWhere(cluster.client, 'ready', 'not Ready again', (p) => cond(p, 'Ready') === 'False');
  t.equal(p.status.containerStatuses[0].restartCount, 0, 'readiness never restarts');
});

t.test('a restarted agent adopts running containers, removes those of deleted pods, restarts dead ones', async (t) => {
  const cluster = await startCluster(t);
  const runtime = new FakeRuntime({ images: [BUSY] });
  const first = runAgent(t, cluster, { runtime });
  await first.agent.ready;
  for (const name of ['keep', 'gone', 'dead']) {
    await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod(name, { containers: [{ name: 'c', image: BUSY }] }) });
  }
  const keep = await podWhere(cluster.client, 'keep', 'Running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  const gone = await podWhere(cluster.client, 'gone', 'Running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  const dead = await podWhere(cluster.client, 'dead', 'Running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  runtime.exitContainer(idOf(keep), 1);
  await podWhere(cluster.client, 'keep', 'restarted once', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && p.status.containerStatuses[0].state.running);
  const keepId = agentId(await runtime.listContainers(), keep.metadata.uid);
  await first.agent.stop();
  // While the agent is away: one pod is force-deleted, one container dies.
  await cluster.client.call('DELETE', '/api/v1/namespaces/default/pods/gone?gracePeriodSeconds=0');
  runtime.exitContainer(idOf(dead), 1);
  const createdBefore = runtime.calls.filter((c) => c.op === 'createContainer').length;
  const second = runAgent(t, cluster, { runtime });
  await second.agent.ready;
  await waitFor('containers of the deleted pod removed', async () => !(await runtime.listContainers()).some((c) => c.labels['io.mk8s.pod.uid'] === gone.metadata.uid));
  t.notOk((await runtime.listSandboxes()).some((s) => s.uid === gone.metadata.uid));
  await podWhere(cluster.client, 'dead', 'dead restarted', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && p.status.containerStatuses[0].state.running);
  await second.agent.syncNow();
  const p = await podWhere(cluster.client, 'keep', 'keep running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  t.equal(idOf(p), keepId, 'the running container was adopted');
  t.equal(p.status.containerStatuses[0].restartCount, 1, 'restartCount from the attempt label');
  t.equal(runtime.calls.filter((c) => c.op === 'createContainer').length, createdBefore + 1, 'only the dead container was recreated');
  t.equal(second.agent.findContainer('default', 'keep')?.containerId, keepId);
});

function agentId(list: { id: string; labels: Record<string, string> }[], uid: string): string {
  return list.filter((c) => c.labels['io.mk8s.pod.uid'] === uid).sort((a, b) => Number(b.labels['io.mk8s.container.attempt']) - Number(a.labels['io.mk8s.container.attempt']))[0].id;
}

t.test('a steady pod without probes is checked, not fully re-synced, every tick; a container exit is still seen', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('steady', { containers: [{ name: 'c', image: BUSY }] }) });
  const p = await podWhere(cluster.client, 'steady', 'Running', (p) => p.status?.containerStatuses?.[0]?.state?.running);
  const id = idOf(p);
  const count = (op: string) => runtime.calls.filter((c) => c.op === op && (op !== 'containerStatus' || c.arg === id)).length;
  // Let the pod settle (its Running status written and seen back), then count a stretch of ticks.
  await waitFor('some ticks', () => count('containerStatus') > 20);
  const lists = count('listContainers');
  const checks = count('containerStatus');
  await waitFor('60 more status reads', () => count('containerStatus') >= checks + 60, 20_000);
  const fullSyncs = count('listContainers') - lists;
  t.ok(fullSyncs <= Math.ceil((count('containerStatus') - checks) / 5), `full syncs (${fullSyncs}) only now and then, not at every tick`);
  t.ok(fullSyncs >= 1, 'a full sync now and then all the same');
  runtime.exitContainer(id, 1);
  await podWhere(cluster.client, 'steady', 'restarted', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && p.status.containerStatuses[0].state.running);
});
