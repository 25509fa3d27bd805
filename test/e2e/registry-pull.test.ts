import t from 'tap';
import { startMk8sServer, type Mk8sServer } from './helpers/server.js';
import { expectOk } from './helpers/expect.js';
import { containerStatus, deleteAllPods, isRunningReady, waitForPod, podManifest } from './helpers/pods.js';
import { startRegistry } from './helpers/registry.js';

// Image pulls through containerd from a real registry: Debian's docker-registry on 127.0.0.1
// (plain HTTP), the busybox test image pushed to it by skopeo; the node has only its own
// mk8s.local/busybox image, never these references.
t.setTimeout(300_000);

const pod = (node: string, name: string, image: string, imagePullPolicy: string) =>
  podManifest({ name, node, image, imagePullPolicy, script: 'echo pulled-and-running; exec sleep 3600' });

/** The reasons of this pod's events, oldest first, through kubectl's field selector. */
async function eventReasons(server: Mk8sServer, name: string): Promise<{ reason: string; message: string }[]> {
  const r = await server.kubectl('1.33', ['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
  if (r.code !== 0) throw new Error(`kubectl get events for ${name}: ${r.stderr}`);
  return JSON.parse(r.stdout).items.map((e: any) => ({ reason: e.reason, message: e.message }));
}

t.test('pods pull their image from a local registry', async (t) => {
  const registry = await startRegistry(t);
  const v1 = await registry.pushTestImage('mk8s-e2e/busybox:v1');
  const v2 = await registry.pushTestImage('mk8s-e2e/busybox:v2');
  const server = await startMk8sServer(t, [], { agent: true });
  t.teardown(() => deleteAllPods(server).catch(() => undefined));
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  const node = server.nodeName!;
  const missing = `${registry.host}/mk8s-e2e/nosuch:v1`;
  const manifests = [pod(node, 'always', v1, 'Always'), pod(node, 'if-not-present', v2, 'IfNotPresent'), pod(node, 'missing', missing, 'IfNotPresent')];
  expectOk(t, await k(['apply', '-f', '-'], manifests.join('\n---\n')), 'apply three pods');

  for (const [name, image] of [['always', v1], ['if-not-present', v2]] as const) {
    t.test(`${name}: ${image} is pulled and runs`, async (t) => {
      const p = await waitForPod(server, name, (p) => isRunningReady(p) && p, 'Running and ready', 90_000);
      const status = containerStatus(p, 'main');
      t.equal(status.image, image, 'status.image is the reference asked for');
      const repo = image.slice(0, image.lastIndexOf(':'));
      t.match(status.imageID, new RegExp(`^${repo.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`), `imageID is the repository digest (${status.imageID})`);
      const events = await eventReasons(server, name);
      const reasons = events.map((e) => e.reason);
      t.ok(reasons.includes('Pulling'), `event Pulling (${reasons.join(', ')})`);
      t.ok(reasons.includes('Pulled'), 'event Pulled');
      t.match(events.find((e) => e.reason === 'Pulled')?.message, new RegExp(`^Successfully pulled image "${image.replace(/[.]/g, '\\.')}" in \\d+ms`), 'Pulled says it pulled, not that it was present');
      await waitForPod(server, name, async () => (await k(['logs', name])).stdout.includes('pulled-and-running'), 'the container log', 30_000);
      t.pass('the pulled image runs its command');
    });
  }

  t.test('an image the registry does not have: ErrImagePull, then ImagePullBackOff', async (t) => {
    const reason = (p: any) => containerStatus(p, 'main')?.state?.waiting?.reason;
    await waitForPod(server, 'missing', (p) => reason(p) === 'ErrImagePull', 'waiting reason ErrImagePull', 30_000);
    t.pass('waiting reason ErrImagePull');
    await waitForPod(server, 'missing', (p) => reason(p) === 'ImagePullBackOff', 'then waiting reason ImagePullBackOff', 30_000);
    t.pass('then waiting reason ImagePullBackOff');
    const p = await waitForPod(server, 'missing', (p) => p, 'exists');
    t.equal(p.status.phase, 'Pending', 'the pod stays Pending');
    const events = await eventReasons(server, 'missing');
    t.ok(events.some((e) => e.reason === 'Failed' && e.message.includes(`Failed to pull image "${missing}"`) && /not found/.test(e.message)), 'a Failed event says the image was not found');
    t.ok(events.some((e) => e.reason === 'Failed' && e.message === 'Error: ErrImagePull'), 'Failed: Error: ErrImagePull');
    t.ok(events.some((e) => e.reason === 'BackOff' && e.message === `Back-off pulling image "${missing}"`), 'BackOff pulling image');
    const row = expectOk(t, await k(['get', 'pod', 'missing', '--no-headers']), 'get pod missing');
    t.match(row, /^missing\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s/, 'kubectl get shows the pull error');
  });
});
