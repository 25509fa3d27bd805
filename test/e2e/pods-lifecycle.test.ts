import t from 'tap';
import { startMk8sServer } from './helpers/server.js';
import { kubectlPath } from './helpers/paths.js';
import { spawnLines } from './helpers/line-process.js';
import { expectOk } from './helpers/expect.js';
import { containerStatus, deleteAllPods, getPod, waitForPod } from './helpers/pods.js';
import { TEST_IMAGE } from './helpers/test-image.js';

// Probes, memory limits, crash-loop back-off and graceful deletion on real containerd.
t.setTimeout(400_000);

const pod = (node: string, name: string, container: string, extra = '', podExtra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
${podExtra}  containers:
  - name: main
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", ${JSON.stringify(container)}]
${extra}`;

const manifests = (node: string) =>
  [
    pod(node, 'liveness', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 600', `    livenessProbe:
      exec: {command: ["test", "-f", "/tmp/healthy"]}
      periodSeconds: 1
      failureThreshold: 2
`, '  terminationGracePeriodSeconds: 1\n'),
    pod(node, 'readiness', 'mkdir -p /www; echo index > /www/index.html; exec httpd -f -p 8080 -h /www', `    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      periodSeconds: 1
      failureThreshold: 1
      successThreshold: 1
`, '  terminationGracePeriodSeconds: 1\n'),
    pod(node, 'oom', 'x=$(head -c 64m /dev/zero | tr "\\\\0" a); echo survived; sleep 600', `    resources:
      limits: {memory: 16Mi}
`, '  terminationGracePeriodSeconds: 1\n'),
    pod(node, 'crash', 'echo crashing; exit 1', '', '  restartPolicy: Always\n'),
    pod(node, 'term-trap', "trap 'echo got-TERM; exit 0' TERM; echo started; while true; do sleep 0.2; done", '', '  terminationGracePeriodSeconds: 5\n'),
    pod(node, 'term-ignore', "trap '' TERM; echo started; while true; do sleep 0.2; done", '', '  terminationGracePeriodSeconds: 5\n'),
  ].join('---\n');

const running = (p: any) => p.status?.phase === 'Running' && containerStatus(p, 'main')?.state?.running && p;

t.test('container lifecycle on a real node', async (t) => {
  const server = await startMk8sServer(t, [], { agent: true });
  t.teardown(() => deleteAllPods(server).catch(() => undefined));
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  // Every pod starts now; the subtests below observe them (the crash loop needs about a minute).
  const created = Date.now();
  expectOk(t, await k(['apply', '-f', '-'], manifests(server.nodeName!)), 'create the pods');
  // When the crash pod's restartCount reached 1, 2, 3: watched from now on, by polling every 100 ms.
  const restartSeen = new Map<number, number>();
  let crashLoopSeen = false;
  const tracking = waitForPod(
    server,
    'crash',
    (p) => {
      const s = containerStatus(p, 'main');
      if (s?.state?.waiting?.reason === 'CrashLoopBackOff') crashLoopSeen = true;
      const n = s?.restartCount ?? 0;
      if (!restartSeen.has(n)) restartSeen.set(n, Date.now());
      return n >= 3 && crashLoopSeen;
    },
    'restartCount 3 and CrashLoopBackOff seen',
    180_000,
  );
  tracking.catch(() => undefined); // awaited (and reported) by its subtest

  t.test('a failing liveness probe restarts the container', async (t) => {
    const p = await waitForPod(server, 'liveness', (p) => (containerStatus(p, 'main')?.restartCount ?? 0) >= 1 && p, 'restartCount >= 1', 60_000);
    const s = containerStatus(p, 'main');
    t.ok(s.restartCount >= 1, `restartCount ${s.restartCount}`);
    t.ok(s.lastState?.terminated, 'lastState.terminated is set');
    const events = expectOk(t, await k(['get', 'events', '--field-selector', 'involvedObject.name=liveness', '-o', 'jsonpath={range .items[*]}{.reason}{" "}{end}']), 'events of the pod');
    t.match(events, /Unhealthy/, 'an Unhealthy event');
    t.match(events, /Killing/, 'a Killing event');
  });

  t.test('a readiness probe toggles Ready', async (t) => {
    const ready = (want: string) => (p: any) => p.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === want && p;
    let p = await waitForPod(server, 'readiness', running, 'Running', 60_000);
    p = await waitForPod(server, 'readiness', ready('False'), 'not Ready while /ready is missing', 30_000);
    t.equal(containerStatus(p, 'main').ready, false, 'container not ready');
    expectOk(t, await k(['exec', 'readiness', '--', 'touch', '/www/ready']), 'create /www/ready');
    p = await waitForPod(server, 'readiness', ready('True'), 'Ready once /ready answers 200', 30_000);
    t.equal(containerStatus(p, 'main').ready, true, 'container ready');
    expectOk(t, await k(['exec', 'readiness', '--', 'rm', '/www/ready']), 'remove /www/ready');
    p = await waitForPod(server, 'readiness', ready('False'), 'not Ready again once /ready answers 404', 30_000);
    t.equal(containerStatus(p, 'main').restartCount, 0, 'readiness failures do not restart the container');
  });

  t.test('a memory limit gives OOMKilled', async (t) => {
    const p = await waitForPod(
      server,
      'oom',
      (p) => {
        const s = containerStatus(p, 'main');
        return (s?.lastState?.terminated ?? s?.state?.terminated)?.reason === 'OOMKilled' && p;
      },
      'a terminated state with reason OOMKilled',
      60_000,
    );
    const s = containerStatus(p, 'main');
    const term = s.lastState?.terminated ?? s.state.terminated;
    t.equal(term.reason, 'OOMKilled', 'reason OOMKilled');
    t.equal(term.exitCode, 137, 'exit code 137 (SIGKILL)');
    const logs = await k(['logs', 'oom', '--previous']);
    t.notMatch(logs.stdout, /survived/, 'the allocation never completed');
  });

  t.test('a crash loop shows CrashLoopBackOff and a growing back-off', async (t) => {
    await tracking;
    const seen = restartSeen;
    const backOffSeen = crashLoopSeen;
    t.ok(backOffSeen, 'state.waiting.reason was CrashLoopBackOff');
    const out = expectOk(t, await k(['get', 'pod', 'crash', '--no-headers']), 'get pod crash');
    t.match(out, /^crash\s+0\/1\s+(CrashLoopBackOff|Error|Completed|Running)\s+\d+/, `get pod shows the loop (${out.trim()})`);
    const at = (n: number) => seen.get(n) ?? created;
    const gap12 = at(2) - at(1);
    const gap23 = at(3) - at(2);
    t.comment(`restart times after creation: ${[1, 2, 3].map((n) => `${n}: ${((at(n) - created) / 1000).toFixed(1)} s`).join(', ')}`);
    t.ok(gap12 >= 5_000, `at least ~10 s of back-off before restart 2 (${gap12} ms)`);
    t.ok(gap23 > gap12 * 1.4, `the back-off grows: ${gap23} ms before restart 3 > 1.4 × ${gap12} ms`);
    const events = expectOk(t, await k(['get', 'events', '--field-selector', 'involvedObject.name=crash', '-o', 'jsonpath={range .items[*]}{.reason}{" "}{end}']), 'events of the crash pod');
    t.match(events, /BackOff/, 'a BackOff event');
  });

  t.test('SIGTERM: a container that handles it is deleted quickly and logs it', async (t) => {
    await waitForPod(server, 'term-trap', running, 'Running', 60_000);
    const follow = spawnLines(t, kubectlPath('1.33'), ['--kubeconfig', server.kubeconfig, 'logs', '-f', 'term-trap']);
    await follow.waitForLine(/^started$/, 'the container to have started', 20_000);
    const start = Date.now();
    expectOk(t, await k(['delete', 'pod', 'term-trap', '--grace-period=5']), 'delete pod term-trap --grace-period=5');
    const took = (Date.now() - start) / 1000;
    t.ok(took < 4.5, `deleted in ${took.toFixed(1)} s, before the 5 s grace period ran out`);
    await follow.waitForLine(/^got-TERM$/, 'the TERM handler output in the log stream', 10_000).then(
      () => t.pass('the TERM handler ran (its line reached kubectl logs -f)'),
      (err: Error) => t.fail(err.message),
    );
    t.equal(await getPod(server, 'term-trap'), undefined, 'the pod is gone');
    await follow.stop();
  });

  t.test('SIGTERM ignored: deletion takes about the grace period', async (t) => {
    await waitForPod(server, 'term-ignore', running, 'Running', 60_000);
    const start = Date.now();
    expectOk(t, await k(['delete', 'pod', 'term-ignore', '--grace-period=5']), 'delete pod term-ignore --grace-period=5');
    const took = (Date.now() - start) / 1000;
    t.ok(took >= 4.5, `took ${took.toFixed(1)} s >= 4.5 s (grace 5 s)`);
    t.ok(took < 15, `took ${took.toFixed(1)} s < 15 s`);
    t.equal(await getPod(server, 'term-ignore'), undefined, 'the pod is gone');
  });
});
