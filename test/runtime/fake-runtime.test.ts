import t from 'tap';
import { FakeRuntime, LABELS, RuntimeError } from '../../src/runtime/index.js';

const pod = { uid: 'aaaabbbb-cccc-dddd-eeee-ffff00001111', namespace: 'default', name: 'web', hostNetwork: false, hostname: 'web', ports: [] };
const spec = { name: 'app', image: 'busybox', command: ['sh'], logPath: '/tmp/x.log' };

t.test('sandbox and container lifecycle', async (t) => {
  const rt = new FakeRuntime({ images: ['busybox'] });
  const sb = await rt.createSandbox(pod);
  t.equal(sb.id, 'mk8s-aaaabbbbcccc');
  t.equal(sb.ip, '10.42.0.2');
  t.same(await rt.createSandbox(pod), sb, 'idempotent');
  const id = await rt.createContainer(sb, { ...spec, attempt: 2 });
  t.equal((await rt.containerStatus(id)).state, 'created');
  await rt.startContainer(id);
  const running = await rt.containerStatus(id);
  t.equal(running.state, 'running');
  t.ok(running.pid && running.startedAt);
  const [info] = await rt.listContainers({ labels: { [LABELS.podUid]: pod.uid } });
  t.equal(info?.labels[LABELS.containerName], 'app');
  t.equal(info?.labels[LABELS.attempt], '2');
  t.equal(info?.labels[LABELS.podNamespace], 'default');
  t.same(await rt.listContainers({ labels: { [LABELS.podUid]: 'other' } }), []);
  await rt.stopContainer(id, 5);
  t.match(await rt.containerStatus(id), { state: 'exited', exitCode: 143, reason: 'Error' });
  await rt.removeContainer(id);
  t.match(await rt.listSandboxes({ uid: pod.uid }), [{ id: sb.id, uid: pod.uid }]);
  t.same(await rt.listSandboxes({ uid: 'other' }), []);
  await rt.removeSandbox(sb.id);
  t.same(await rt.listSandboxes(), []);
  t.same(await rt.listContainers(), []);
});

t.test('tests can make containers exit or OOM', async (t) => {
  const rt = new FakeRuntime({ images: ['busybox'] });
  const sb = await rt.createSandbox(pod);
  const a = await rt.createContainer(sb, spec);
  const b = await rt.createContainer(sb, { ...spec, name: 'b' });
  await rt.startContainer(a);
  await rt.startContainer(b);
  rt.exitContainer(a, 0);
  rt.oomKill(b);
  t.match(await rt.containerStatus(a), { state: 'exited', exitCode: 0, reason: 'Completed' });
  t.match(await rt.containerStatus(b), { state: 'exited', exitCode: 137, reason: 'OOMKilled' });
  await t.rejects(rt.exec(a, ['true']), RuntimeError);
});

t.test('exec handler, injected failures, images', async (t) => {
  const rt = new FakeRuntime({ images: ['busybox'], unpullable: ['nope'] });
  const sb = await rt.createSandbox({ ...pod, hostNetwork: true });
  t.equal(sb.netnsPath, '');
  t.equal(sb.ip, '192.168.0.10');
  const id = await rt.createContainer(sb, spec);
  await rt.startContainer(id);
  rt.execHandler = (_id, cmd, o) => {
    o.onStdout?.(Buffer.from(cmd.join(' ')));
    return 3;
  };
  let out = '';
  t.equal(await rt.exec(id, ['echo', 'hi'], { onStdout: (c) => (out += c) }), 3);
  t.equal(out, 'echo hi');
  rt.failNext('startContainer');
  const id2 = await rt.createContainer(sb, { ...spec, name: 'two' });
  await t.rejects(rt.startContainer(id2), /injected failure/);
  await rt.startContainer(id2);
  await t.rejects(rt.createContainer(sb, { ...spec, image: 'missing:1' }), /not found/);
  await t.rejects(rt.pullImage('nope'), /not found/);
  const pulled = await rt.pullImage('nginx:1.25');
  t.equal(pulled.ref, 'docker.io/library/nginx:1.25');
  t.match(await rt.imageStatus('nginx:1.25'), { present: true });
  await rt.removeImage('nginx:1.25');
  t.match(await rt.imageStatus('nginx:1.25'), { present: false });
  t.ok(rt.calls.some((c) => c.op === 'exec'));
});
