import t from 'tap';
import { join } from 'node:path';
import { startMk8sServer } from './helpers/server.js';
import { expectOk } from './helpers/expect.js';
import { tempDir } from './helpers/temp-dir.js';
import { waitFor } from './helpers/wait-for.js';
import { runProcess } from './helpers/run-process.js';
import { cleanNodeOnTeardown, killPid, pidsWithArg } from './helpers/node-cleanup.js';
import { installTestImage, TEST_IMAGE } from './helpers/test-image.js';
import { containerStatus, deleteAllPods, getPod, isRunningReady, waitForPod, waitForPodGone, podManifest } from './helpers/pods.js';

// kill -9 of mk8s (server and its in-process agent), then a restart on the same data dir: the
// running containers are adopted, not restarted.
t.setTimeout(300_000);

const podYaml = (node: string, name: string) => podManifest({ name, node, script: 'echo up; while true; do sleep 1; done' });

t.test('kill -9 and restart adopts the running containers', async (t) => {
  const dataDir = tempDir(t, 'mk8s-e2e-restart-');
  cleanNodeOnTeardown(t, dataDir);
  await installTestImage(dataDir);
  const nodeName = 'e2e-restart';
  const first = await startMk8sServer(t, [], { dataDir, agent: { nodeName } });
  const k1 = (args: string[], stdin?: string) => first.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  expectOk(t, await k1(['apply', '-f', '-'], podYaml(nodeName, 'keep') + '---\n' + podYaml(nodeName, 'gone')), 'create pods keep and gone');
  const before = await waitForPod(first, 'keep', (p) => isRunningReady(p) && p, 'Running', 90_000);
  await waitForPod(first, 'gone', (p) => isRunningReady(p) && p, 'Running', 90_000);
  const id = containerStatus(before, 'main').containerID as string;
  t.match(id, /^containerd:\/\/.+/, `containerID ${id}`);
  const goneId = containerStatus((await getPod(first, 'gone'))!, 'main').containerID.replace('containerd://', '');
  const socket = join(dataDir, 'agent', 'containerd', 'containerd.sock');
  const config = join(dataDir, 'agent', 'containerd', 'config.toml');
  const containerdBefore = pidsWithArg(config);
  t.equal(containerdBefore.length, 1, `one embedded containerd (pid ${containerdBefore.join(', ')})`);

  await first.kill('SIGKILL');
  t.pass('mk8s server killed with SIGKILL');
  // Its containerd child is not killed with it (no PDEATHSIG): record what happens, either is acceptable.
  const survivors = pidsWithArg(config);
  t.comment(`embedded containerd after kill -9 of mk8s: ${survivors.length ? `still running (pid ${survivors.join(', ')})` : 'gone'}`);
  const shims = (await runProcess('pgrep', ['-f', `containerd-shim-runc-v2 -namespace mk8s -id main-.* -address ${socket}`])).stdout.trim().split('\n').filter(Boolean);
  t.ok(shims.length >= 2, `the containers' shims survive (${shims.length})`);

  // An orphaned containerd still holds the socket and the root: a restart could not start another
  // one on the same directories, so it is stopped (by pid) as an operator would.
  for (const pid of survivors) await killPid(pid);

  // Same flags as before, as a supervisor restarting it would use.
  const second = await startMk8sServer(t, [], { dataDir, agent: { nodeName, kubeletPort: first.kubeletPort } });
  const k2 = (args: string[]) => second.kubectl('1.33', args, { timeoutMs: 60_000 });

  // A pod cannot be deleted while mk8s (API server included) is down: instead it is deleted right
  // after the restart, and its container must go.
  t.test('a pod deleted after the restart has its container removed', async (t) => {
    expectOk(t, await k2(['delete', 'pod', 'gone', '--grace-period=1']), 'delete pod gone');
    await waitForPodGone(second, 'gone', 30_000);
    await waitFor(
      async () => {
        const r = await runProcess('ctr', ['-a', socket, '-n', 'mk8s', 'containers', 'ls', '-q']);
        return r.code === 0 && !r.stdout.split('\n').includes(goneId);
      },
      `container ${goneId} to be removed from containerd`,
      30_000,
      200,
    );
    t.pass(`container ${goneId} removed`);
    const keep = await getPod(second, 'keep');
    t.equal(containerStatus(keep, 'main').containerID, id, 'the other pod is untouched');
  });

  t.test('the running pod is adopted: same container, no restart', async (t) => {
    // The restarted agent has processed its pods (it removed gone's container): keep must be untouched.
    const after = await waitForPod(second, 'keep', (p) => isRunningReady(p) && p, 'Running after the restart', 60_000);
    const s = containerStatus(after, 'main');
    t.equal(s.containerID, id, 'same containerID');
    t.equal(s.restartCount, 0, 'restartCount unchanged (0)');
    t.ok(s.state?.running, 'still running');
    t.equal(s.state.running.startedAt, containerStatus(before, 'main').state.running.startedAt, 'same startedAt');
    const out = expectOk(t, await k2(['exec', 'keep', '--', 'echo', 'adopted']), 'exec into the adopted container');
    t.equal(out.trim(), 'adopted', 'exec works on the adopted container');
    const logs = expectOk(t, await k2(['logs', 'keep']), 'logs of the adopted container');
    t.match(logs, /^up$/m, 'its log from before the restart is still there');
    const ctrList = (await runProcess('ctr', ['-a', socket, '-n', 'mk8s', 'tasks', 'ls'])).stdout;
    t.match(ctrList, new RegExp(`^${id.replace('containerd://', '')}\\s+\\d+\\s+RUNNING$`, 'm'), 'its task is RUNNING in containerd');
    t.equal(ctrList.split('\n').filter((l) => l.startsWith('main-')).length, 1, `one task only, no new attempt (${ctrList.trim()})`);
    const events = expectOk(t, await k2(['get', 'events', '--field-selector', 'involvedObject.name=keep', '-o', 'jsonpath={range .items[*]}{.reason}{" "}{end}']), 'events of keep');
    t.equal(events.match(/Started/g)?.length ?? 0, 1, `one Started event only (${events.trim()})`);
  });

  t.teardown(() => deleteAllPods(second).catch(() => undefined));
});
