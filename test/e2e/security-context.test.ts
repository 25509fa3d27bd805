import t from 'tap';
import { startMk8sServer } from './helpers/server.js';
import { expectOk } from './helpers/expect.js';
import { containerStatus, deleteAllPods, isRunningReady, waitForPod, podManifest } from './helpers/pods.js';
import { TEST_IMAGE } from './helpers/test-image.js';

// securityContext runAsUser/runAsGroup/supplementalGroups reach the container's processes (and
// kubectl exec), on real containerd with the server's own agent.
t.setTimeout(300_000);

const SCRIPT = "echo uid=$(id -u); echo gid=$(id -g); echo groups=$(id -G); if grep -q '^[^ ]* / [^ ]* ro[ ,]' /proc/mounts; then echo rootfs=ro; else echo rootfs=rw; fi; echo ok > /scratch/f && echo scratch=$(cat /scratch/f); exec sleep 3600";
const pod = (node: string, name: string, podSecurity: string, containerSecurity = '') =>
  podManifest({ name, node, podSecurity, containerSecurity, script: SCRIPT, scratchMount: '/scratch' });

t.test('securityContext applies to the container process and to kubectl exec', async (t) => {
  const server = await startMk8sServer(t, [], { agent: true });
  t.teardown(() => deleteAllPods(server).catch(() => undefined));
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  const node = server.nodeName!;
  const manifests = [
    pod(node, 'as-user', '{runAsUser: 1000, runAsGroup: 3000}'),
    pod(node, 'as-root', ''),
    pod(node, 'ro-user', '{supplementalGroups: [4000, 5000]}', '{runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true}'),
  ];
  expectOk(t, await k(['apply', '-f', '-'], manifests.join('\n---\n')), 'apply three pods');
  // Each container prints its identity once it runs; the last line it prints is scratch=ok.
  const logsOf = async (name: string) => {
    await waitForPod(server, name, (p) => isRunningReady(p) && p, 'Running and ready', 90_000);
    return waitForPod(server, name, async () => {
      const r = await k(['logs', name]);
      return r.code === 0 && /^scratch=ok$/m.test(r.stdout) && r.stdout;
    }, 'its identity lines in the log', 30_000);
  };

  t.test('runAsUser 1000, runAsGroup 3000: the process runs as 1000:3000', async (t) => {
    const out = await logsOf('as-user');
    t.match(out, /^uid=1000$/m, 'id -u is 1000');
    t.match(out, /^gid=3000$/m, 'id -g is 3000');
    t.match(out, /^groups=3000$/m, 'no other group');
    t.match(out, /^rootfs=rw$/m, 'the root filesystem is mounted read-write');
  });

  t.test('kubectl exec runs as the container user', async (t) => {
    t.equal(expectOk(t, await k(['exec', 'as-user', '--', 'id', '-u']), 'exec id -u').trim(), '1000', 'exec id -u is 1000');
    t.equal(expectOk(t, await k(['exec', 'as-user', '--', 'id', '-g']), 'exec id -g').trim(), '3000', 'exec id -g is 3000');
    const r = await k(['exec', 'as-user', '--', 'sh', '-c', 'cat /proc/1/status | grep ^Uid']);
    t.match(expectOk(t, r, 'exec reads pid 1 status'), /^Uid:\s+1000\s+1000\s+1000\s+1000$/m, 'pid 1 of the container is uid 1000 (real, effective, saved, fs)');
  });

  t.test('no securityContext: root', async (t) => {
    const out = await logsOf('as-root');
    t.match(out, /^uid=0$/m, 'id -u is 0');
    t.match(out, /^gid=0$/m, 'id -g is 0');
    t.equal(expectOk(t, await k(['exec', 'as-root', '--', 'id', '-u']), 'exec id -u').trim(), '0', 'exec as root');
  });

  t.test('readOnlyRootFilesystem with runAsUser and pod supplementalGroups', async (t) => {
    const out = await logsOf('ro-user');
    t.match(out, /^uid=1000$/m, 'id -u is 1000');
    t.match(out, /^gid=3000$/m, 'id -g is 3000');
    t.match(out, /^groups=3000 4000 5000$/m, 'the gid and the supplementalGroups');
    t.match(out, /^rootfs=ro$/m, 'the root filesystem is read-only');
    t.match(out, /^scratch=ok$/m, 'the emptyDir is writable');
    const exec = expectOk(t, await k(['exec', 'ro-user', '--', 'id', '-G']), 'exec id -G');
    t.equal(exec.trim(), '3000 4000 5000', 'exec has the same groups');
    t.equal(containerStatus(await waitForPod(server, 'ro-user', (p) => p, 'exists'), 'main')?.restartCount, 0, 'no restart');
  });
});
