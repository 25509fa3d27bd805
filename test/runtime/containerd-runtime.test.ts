import t from 'tap';
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { LABELS, TEST_IMAGE_REF, type ContainerdRuntime, type ContainerStatus } from '../../src/runtime/index.js';
import { waitFor } from '../../src/runtime/wait-for.js';
import { skipReason, startFixture, type Fixture } from './containerd-fixture.js';

const reason = await skipReason();
if (reason) {
  t.skip(`real containerd tests: ${reason}`);
} else {
  t.setTimeout(240_000);
  const fx: Fixture = await startFixture();
  const rt: ContainerdRuntime = fx.runtime;
  t.teardown(async () => {
    const leftovers = await fx.cleanup();
    if (leftovers.length) console.error('cleanup leftovers:', leftovers);
  });
  const newPod = (name: string, extra: { ports?: { containerPort: number; hostPort: number; protocol: 'TCP' }[] } = {}) => ({
    uid: randomUUID(), namespace: 'default', name, hostNetwork: false, hostname: name, ports: extra.ports ?? [],
  });
  const waitStatus = async (id: string, pred: (s: ContainerStatus) => boolean, ms = 20_000): Promise<ContainerStatus> => {
    let last: ContainerStatus | undefined;
    await waitFor(async () => pred((last = await rt.containerStatus(id))), ms, 50);
    return last!;
  };
  const httpGet = async (url: string, ms = 10_000): Promise<string> => {
    let body = '';
    await waitFor(async () => {
      body = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.text()).catch(() => '');
      return body !== '';
    }, ms, 50);
    return body;
  };

  t.test('images: import (plain and gzip), status, list', async (t) => {
    t.same(await rt.importImages(fx.imagePath), [TEST_IMAGE_REF]);
    const gz = `${fx.dir}/images/busybox.tar.gz`;
    await writeFile(gz, gzipSync(await readFile(fx.imagePath)));
    t.same(await rt.importImages(gz), [TEST_IMAGE_REF], 'gzip detected by magic');
    const status = await rt.imageStatus(TEST_IMAGE_REF);
    t.ok(status.present && status.digest?.startsWith('sha256:'));
    t.ok((await rt.listImages()).some((i) => i.ref === TEST_IMAGE_REF));
    t.match(await rt.imageStatus('mk8s.local/nothing:1'), { present: false });
  });

  t.test('a pod: two containers share localhost; host reaches the pod IP and hostPort', async (t) => {
    const hostPort = 30000 + Math.floor(Math.random() * 2000);
    const pod = newPod('web', { ports: [{ containerPort: 8080, hostPort, protocol: 'TCP' }] });
    const sb = await rt.createSandbox(pod);
    t.match(sb.ip, /^10\.244\.\d+\.\d+$/);
    t.match(sb.netnsPath, /\/mk8s-[0-9a-f]{12}$/);
    t.match(await rt.listSandboxes({ uid: pod.uid }), [{ id: sb.id, uid: pod.uid, ip: sb.ip }], 'found by its pod uid');
    t.same(await rt.listSandboxes({ uid: 'ffffffff-0000-0000-0000-000000000000' }), [], 'another uid: none');
    t.same(await rt.listSandboxes({ uid: '-' }), [], 'a uid no sandbox id follows from: none');
    const log = (n: string) => `${fx.dir}/logs/${pod.uid}/${n}.log`;
    const server = await rt.createContainer(sb, {
      name: 'server', image: TEST_IMAGE_REF, logPath: log('server'), env: { GREETING: 'hello-from-pod' },
      command: ['sh', '-c', 'mkdir -p /www && echo "$GREETING" > /www/index.html && exec httpd -f -p 8080 -h /www'],
    });
    await rt.startContainer(server);
    const client = await rt.createContainer(sb, {
      name: 'client', image: TEST_IMAGE_REF, logPath: log('client'), attempt: 1,
      command: ['sh', '-c', 'until wget -qO- http://127.0.0.1:8080/; do sleep 0.05; done'],
    });
    await rt.startContainer(client);
    const done = await waitStatus(client, (s) => s.state === 'exited');
    t.match(done, { state: 'exited', exitCode: 0, reason: 'Completed' });
    t.ok(done.startedAt && done.finishedAt);
    t.match(await readFile(log('client'), 'utf8'), /hello-from-pod/, 'client reached server over the pod localhost');
    t.match(await rt.containerStatus(server), { state: 'running' });
    t.equal((await httpGet(`http://${sb.ip}:8080/`)).trim(), 'hello-from-pod', 'host reaches the pod IP');
    t.equal((await httpGet(`http://${fx.nodeIp}:${hostPort}/`)).trim(), 'hello-from-pod', 'hostPort through portmap');

    let out = '';
    let err = '';
    const code = await rt.exec(server, ['sh', '-c', 'hostname; echo oops >&2; exit 7'], { onStdout: (c) => (out += c), onStderr: (c) => (err += c) });
    t.equal(code, 7);
    t.equal(out.trim(), 'web', 'pod hostname');
    t.equal(err.trim(), 'oops');
    t.equal(await rt.exec(server, ['true']), 0);
    let hosts = '';
    await rt.exec(server, ['cat', '/etc/hosts'], { onStdout: (c) => (hosts += c) });
    t.match(hosts, new RegExp(`${sb.ip.replace(/\./g, '\\.')}\\s+web`));

    const stats = await rt.stats(server);
    t.ok(stats.memoryBytes > 0 && stats.cpuUsageNanos > 0, `stats ${JSON.stringify(stats)}`);
    const listed = await rt.listContainers({ labels: { [LABELS.podUid]: pod.uid } });
    t.same(listed.map((c) => c.labels[LABELS.containerName]).sort(), ['client', 'server']);
    t.equal(listed.find((c) => c.id === client)?.labels[LABELS.attempt], '1');
    t.same(await rt.listContainers({ labels: { [LABELS.podUid]: pod.uid, [LABELS.containerName]: 'server' } }).then((l) => l.map((c) => c.id)), [server]);

    for (const id of [server, client]) await rt.removeContainer(id);
    await rt.removeSandbox(sb.id);
    t.notMatch((await execa('ip', ['netns', 'list'])).stdout, sb.id, 'netns gone');
    t.equal((await execa('ip', ['-o', 'link', 'show', 'master', fx.bridge], { reject: false })).stdout.trim(), '', 'no veth left');
    t.notMatch((await execa('iptables-save', ['-t', 'nat'])).stdout, `dport ${hostPort}`, 'hostPort rules gone');
    t.same(await rt.listContainers({ labels: { [LABELS.podUid]: pod.uid } }), []);
  });

  t.test('memory limit: OOMKilled', async (t) => {
    const sb = await rt.createSandbox(newPod('oom'));
    const id = await rt.createContainer(sb, {
      name: 'hog', image: TEST_IMAGE_REF, logPath: `${fx.dir}/logs/oom.log`, memoryLimitBytes: 16 * 1024 * 1024,
      command: ['sh', '-c', 'head -c 300m /dev/zero | tail'],
    });
    await rt.startContainer(id);
    const s = await waitStatus(id, (x) => x.state === 'exited', 30_000);
    t.match(s, { state: 'exited', exitCode: 137, reason: 'OOMKilled' });
    t.match(await rt.containerStatus(id), { state: 'exited', reason: 'OOMKilled' }, 'remembered after the task is gone');
    await rt.removeContainer(id);
    await rt.removeSandbox(sb.id);
  });

  t.test('stop: TERM with grace, then KILL', async (t) => {
    const sb = await rt.createSandbox(newPod('stopper'));
    const logPath = `${fx.dir}/logs/stop.log`;
    const polite = await rt.createContainer(sb, {
      name: 'polite', image: TEST_IMAGE_REF, logPath,
      command: ['sh', '-c', 'trap "echo got-term; exit 0" TERM; echo ready; while true; do sleep 0.05; done'],
    });
    const stubborn = await rt.createContainer(sb, {
      name: 'stubborn', image: TEST_IMAGE_REF, logPath: `${fx.dir}/logs/stubborn.log`,
      command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.05; done'],
    });
    await rt.startContainer(polite);
    await rt.startContainer(stubborn);
    await waitFor(async () => (await readFile(logPath, 'utf8').catch(() => '')).includes('ready'), 10_000);
    let t0 = Date.now();
    await rt.stopContainer(polite, 10);
    t.ok(Date.now() - t0 < 5000, `polite stop took ${Date.now() - t0} ms`);
    t.match(await rt.containerStatus(polite), { state: 'exited', exitCode: 0 });
    t.match(await readFile(logPath, 'utf8'), /got-term/);
    t0 = Date.now();
    await rt.stopContainer(stubborn, 1);
    const took = Date.now() - t0;
    t.ok(took >= 900 && took < 6000, `stubborn stop took ${took} ms`);
    t.match(await rt.containerStatus(stubborn), { state: 'exited', exitCode: 137, reason: 'Error' });
    for (const id of [polite, stubborn]) await rt.removeContainer(id);
    await rt.removeSandbox(sb.id);
  });

  t.test('start time: sandbox + container vs raw ctr run --rm (median of 10)', async (t) => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const pod: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const sb = await rt.createSandbox(newPod(`bench${i}`));
      const id = await rt.createContainer(sb, { name: 'c', image: TEST_IMAGE_REF, logPath: `${fx.dir}/logs/bench.log`, command: ['sleep', '60'] });
      await rt.startContainer(id);
      pod.push(performance.now() - t0);
      await rt.removeContainer(id);
      await rt.removeSandbox(sb.id);
      const t1 = performance.now();
      await execa('ctr', ['-a', fx.containerd.socket, '-n', 'mk8s', 'run', '--rm', TEST_IMAGE_REF, `raw${i}`, 'true'], { env: fx.containerd.snapshotter === 'overlayfs' ? {} : { CONTAINERD_SNAPSHOTTER: fx.containerd.snapshotter } });
      raw.push(performance.now() - t1);
    }
    const summary = { podStartMedianMs: Math.round(median(pod)), ctrRunRmMedianMs: Math.round(median(raw)) };
    t.comment(`start time ${JSON.stringify(summary)}`);
    console.log(`# runtime start time: sandbox+container ${summary.podStartMedianMs} ms median vs ctr run --rm ${summary.ctrRunRmMedianMs} ms`);
    t.ok(summary.podStartMedianMs < 5000);
  });

  t.test('errors name the operation and keep the ctr result as cause', async (t) => {
    const err = await rt.startContainer('no-such-container').catch((e: unknown) => e as Error & { cause?: { exitCode?: number } });
    t.match(err?.message, /Cannot inspect container "no-such-container"/);
    t.ok(err?.cause && typeof err.cause.exitCode === 'number');
    await rt.removeSandbox('mk8s-000000000000');
    await rt.removeContainer('no-such-container');
  });
}
