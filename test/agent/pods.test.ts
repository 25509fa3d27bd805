import t from 'tap';
import { startCluster, runAgent, pod, podWhere, getPod, waitFor } from './helpers.js';

const BUSY = 'busybox:1.36';
const cond = (p: any, type: string) => p.status?.conditions?.find((c: any) => c.type === type)?.status;

t.test('a bound pod goes Running with container statuses, Ready conditions and events', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web', { containers: [{ name: 'c', image: BUSY, imagePullPolicy: 'IfNotPresent' }] }) });
  const p = await podWhere(cluster.client, 'web', 'Running and Ready', (p) => p.status?.phase === 'Running' && cond(p, 'Ready') === 'True');
  const cs = p.status.containerStatuses[0];
  t.match(cs, { name: 'c', image: BUSY, ready: true, started: true, restartCount: 0 });
  t.match(cs.containerID, /^containerd:\/\//);
  t.ok(cs.state.running.startedAt);
  t.match(cs.imageID, /@sha256:/);
  t.equal(p.status.podIP, '10.42.0.2');
  t.same(p.status.podIPs, [{ ip: '10.42.0.2' }]);
  t.equal(p.status.hostIP, '192.168.0.10');
  t.ok(p.status.startTime);
  for (const type of ['Initialized', 'ContainersReady', 'Ready']) t.equal(cond(p, type), 'True', type);
  const sandbox = (await runtime.listSandboxes())[0];
  t.equal(sandbox.hostname, 'web');
  const spec = runtime.specOf(cs.containerID.slice('containerd://'.length));
  t.match(spec.logPath, new RegExp(`/agent/pods/${p.metadata.uid}/logs/c-0\\.log$`));
  const loc = agent.findContainer('default', 'web');
  t.equal(loc?.containerId, cs.containerID.slice('containerd://'.length));
  t.equal(loc?.logPath, spec.logPath);
  await agent.syncNow();
  const events = await cluster.client.call('GET', '/api/v1/namespaces/default/events');
  const reasons = events.items.filter((e: any) => e.involvedObject.uid === p.metadata.uid).map((e: any) => e.reason);
  t.same(reasons.sort(), ['Created', 'Pulled', 'Started']);
  const started = events.items.find((e: any) => e.reason === 'Started');
  t.match(started, { type: 'Normal', source: { component: 'kubelet', host: 'node-1' }, involvedObject: { fieldPath: 'spec.containers{c}', kind: 'Pod', name: 'web' } });
  const stats = await agent.stats();
  t.same(stats.pods.map((s) => s.name), ['web']);
  t.equal(stats.pods[0].containers[0].memoryBytes, 1 << 20);
});

t.test('env from values, ConfigMap, Secret, fieldRef, resourceFieldRef and envFrom reaches the runtime', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { color: 'blue', size: 'L' } } });
  await cluster.client.call('POST', '/api/v1/namespaces/default/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, data: { password: Buffer.from('hunter2').toString('base64') } } });
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', {
    body: pod('env', {
      dnsPolicy: 'ClusterFirst',
      volumes: [{ name: 'conf', configMap: { name: 'cfg' } }, { name: 'scratch', emptyDir: {} }],
      containers: [{
        name: 'c', image: BUSY, command: ['sh', '-c'], args: ['echo $(GREETING) $$(X)'], workingDir: '/work',
        resources: { limits: { memory: '64Mi', cpu: '500m' }, requests: { cpu: '250m', memory: '32Mi' } },
        securityContext: { readOnlyRootFilesystem: true, runAsUser: 1000, runAsGroup: 1000 },
        volumeMounts: [{ name: 'conf', mountPath: '/etc/conf' }, { name: 'scratch', mountPath: '/data', subPath: 'sub' }],
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
        env: [
          { name: 'NAME', value: 'world' },
          { name: 'GREETING', value: 'hello $(NAME)' },
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        ],
      }],
    }),
  });
  const p = await podWhere(cluster.client, 'env', 'Running', (p) => p.status?.phase === 'Running');
  const spec = runtime.specOf(p.status.containerStatuses[0].containerID.slice('containerd://'.length));
  t.match(spec.env, { NAME: 'world', GREETING: 'hello world', COLOR: 'blue', PASSWORD: 'hunter2', POD_NAME: 'env', POD_IP: p.status.podIP, MEM_MI: '64', CFG_color: 'blue', CFG_size: 'L' });
  t.same(spec.args, ['echo hello world $(X)']);
  t.equal(spec.workingDir, '/work');
  t.equal(spec.memoryLimitBytes, 64 * 2 ** 20);
  t.equal(spec.cpuQuota, 50000);
  t.equal(spec.cpuShares, 256);
  t.equal(spec.readOnlyRootfs, true);
  t.same(spec.user, { uid: 1000, gid: 1000 });
  t.match(spec.mounts, [{ containerPath: '/etc/conf', readOnly: true }, { containerPath: '/data', readOnly: false }]);
  t.match(spec.mounts![1].hostPath, /empty-dir\/scratch\/sub$/);
  const { readFile } = await import('node:fs/promises');
  t.equal(await readFile(`${spec.mounts![0].hostPath}/color`, 'utf8'), 'blue');
  const sandbox = (await runtime.listSandboxes())[0];
  t.ok(sandbox);
});

t.test('init containers run in order before the containers', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', {
    body: pod('init', { initContainers: [{ name: 'i1', image: BUSY }, { name: 'i2', image: BUSY }], containers: [{ name: 'main', image: BUSY }] }),
  });
  const created = () => runtime.calls.filter((c) => c.op === 'createContainer').map((c) => c.arg);
  const running = async (name: string) => (await runtime.listContainers()).find((c) => c.labels['io.mk8s.container.name'] === name)?.id;
  const i1 = await waitFor('i1 started', () => running('i1'));
  let p = await podWhere(cluster.client, 'init', 'Pending with init status', (p) => p.status?.initContainerStatuses?.[0]?.state?.running);
  t.equal(p.status.phase, 'Pending');
  t.equal(cond(p, 'Initialized'), 'False');
  t.equal(p.status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
  t.same(created(), ['i1']);
  runtime.exitContainer(i1, 0);
  const i2 = await waitFor('i2 started', () => running('i2'));
  t.same(created(), ['i1', 'i2']);
  runtime.exitContainer(i2, 0);
  p = await podWhere(cluster.client, 'init', 'Running', (p) => p.status?.phase === 'Running' && cond(p, 'Initialized') === 'True');
  t.same(created(), ['i1', 'i2', 'main']);
  t.match(p.status.initContainerStatuses, [{ name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'i2', state: { terminated: { exitCode: 0 } } }]);
});

t.test('restartPolicy OnFailure and Never reach Succeeded and Failed', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  const idOf = async (name: string) => (await podWhere(cluster.client, name, `${name} running`, (p) => p.status?.containerStatuses?.[0]?.state?.running)).status.containerStatuses[0].containerID.slice(13);
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('ok', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: BUSY }] }) });
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('bad', { restartPolicy: 'Never', containers: [{ name: 'c', image: BUSY }] }) });
  runtime.exitContainer(await idOf('ok'), 0);
  runtime.exitContainer(await idOf('bad'), 2);
  const ok = await podWhere(cluster.client, 'ok', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
  t.match(ok.status.containerStatuses[0], { restartCount: 0, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  t.match(ok.status.conditions.find((c: any) => c.type === 'Ready'), { status: 'False', reason: 'PodCompleted' });
  const bad = await podWhere(cluster.client, 'bad', 'Failed', (p) => p.status?.phase === 'Failed');
  t.match(bad.status.containerStatuses[0], { restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } });
  await agent.syncNow();
  t.equal(runtime.calls.filter((c) => c.op === 'createContainer').length, 2, 'nothing restarted');
});

t.test('an init container failing under Never fails the pod', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('initfail', { restartPolicy: 'Never', initContainers: [{ name: 'i', image: BUSY }], containers: [{ name: 'c', image: BUSY }] }) });
  const id = await waitFor('init running', async () => (await runtime.listContainers())[0]?.id);
  runtime.exitContainer(id, 1);
  const p = await podWhere(cluster.client, 'initfail', 'Failed', (p) => p.status?.phase === 'Failed');
  t.equal(p.status.initContainerStatuses[0].state.terminated.exitCode, 1);
});

t.test('an image that cannot be pulled waits in ErrImagePull / ImagePullBackOff', async (t) => {
  const cluster = await startCluster(t);
  const { FakeRuntime } = await import('../../src/runtime/index.js');
  const { agent } = runAgent(t, cluster, { runtime: new FakeRuntime({ unpullable: ['nope:1'] }) });
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('pull', { containers: [{ name: 'c', image: 'nope:1' }] }) });
  const p = await podWhere(cluster.client, 'pull', 'pull back-off', (p) => /ErrImagePull|ImagePullBackOff/.test(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? ''));
  t.equal(p.status.phase, 'Pending');
  await agent.syncNow();
  const events = await cluster.client.call('GET', '/api/v1/namespaces/default/events');
  t.ok(events.items.some((e: any) => e.reason === 'Pulling'));
  t.ok(events.items.some((e: any) => e.reason === 'Failed' && e.type === 'Warning'));
});

t.test('graceful deletion: preStop, stop with the grace period, cleanup, then the pod is gone', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  const execs: string[][] = [];
  runtime.execHandler = (_id, cmd) => {
    execs.push(cmd);
    return 0;
  };
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', {
    body: pod('del', { terminationGracePeriodSeconds: 7, containers: [{ name: 'c', image: BUSY, lifecycle: { preStop: { exec: { command: ['sh', '-c', 'bye'] } } } }] }),
  });
  const p = await podWhere(cluster.client, 'del', 'Running', (p) => p.status?.phase === 'Running');
  const id = p.status.containerStatuses[0].containerID.slice(13);
  await cluster.client.call('DELETE', '/api/v1/namespaces/default/pods/del');
  await waitFor('pod gone', async () => (await cluster.client.request('GET', '/api/v1/namespaces/default/pods/del')).status === 404);
  t.same(execs, [['sh', '-c', 'bye']]);
  t.ok(runtime.calls.some((c) => c.op === 'stopContainer' && c.arg === `${id}:7`), 'stopped with the grace period');
  t.same(await runtime.listContainers(), []);
  t.same(await runtime.listSandboxes(), []);
});

t.test('a pod deleted with grace 0 from the API has its containers removed', async (t) => {
  const cluster = await startCluster(t);
  const { agent, runtime } = runAgent(t, cluster);
  await agent.ready;
  await cluster.client.call('POST', '/api/v1/namespaces/default/pods', { body: pod('force', { containers: [{ name: 'c', image: BUSY }] }) });
  await podWhere(cluster.client, 'force', 'Running', (p) => p.status?.phase === 'Running');
  await cluster.client.call('DELETE', '/api/v1/namespaces/default/pods/force?gracePeriodSeconds=0');
  await waitFor('containers removed', async () => (await runtime.listContainers()).length === 0 && (await runtime.listSandboxes()).length === 0);
  t.pass();
  void getPod;
});
