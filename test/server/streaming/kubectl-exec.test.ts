import t from 'tap';
import { startTestAgent } from '../../agent/streaming/helpers/start-agent.js';
import { startHarness } from './helpers/kube-harness.js';

const agent = await startTestAgent(t);
agent.pods.set('default/p1', new Map([['main', { containerId: 'c1', logPath: '/nonexistent', podIp: '127.0.0.1' }]]));
const h = await startHarness(t, agent);

for (const minor of [27, 29, 30, 33]) {
  t.test(`kubectl 1.${minor} exec: stdin through cat, stdout back`, async (t) => {
    const run = h.kubectl(minor, ['exec', '-i', 'p1', '--', 'cat'], { input: 'hello from stdin\n' });
    t.equal(await run.exit, 0, run.stderr());
    t.equal(run.stdout(), 'hello from stdin\n');
  });

  t.test(`kubectl 1.${minor} exec: exit code propagated, stderr separate`, async (t) => {
    const run = h.kubectl(minor, ['exec', 'p1', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    t.equal(await run.exit, 3, run.stderr());
    t.equal(run.stdout(), 'out\n');
    t.match(run.stderr(), /err\n/);
  });
}

t.test('kubectl 1.33 speaks WebSocket v5, kubectl 1.27 SPDY/3.1', async (t) => {
  const ws = h.kubectl(33, ['exec', 'p1', '-v=7', '--', 'sh', '-c', 'echo ok']);
  t.equal(await ws.exit, 0);
  t.equal(ws.stdout(), 'ok\n');
  t.match(ws.stderr(), /The subprotocol is v5\.channel\.k8s\.io/);
  const spdy = h.kubectl(27, ['exec', 'p1', '-v=8', '--', 'sh', '-c', 'echo ok']);
  t.equal(await spdy.exit, 0);
  t.equal(spdy.stdout(), 'ok\n');
  t.match(spdy.stderr(), /X-Stream-Protocol-Version: v4\.channel\.k8s\.io/);
});

t.test('kubectl 1.33 attach -i reaches the attach hook', async (t) => {
  const run = h.kubectl(33, ['attach', '-i', 'p1'], { input: 'attached\n' });
  t.equal(await run.exit, 0, run.stderr());
  t.match(run.stdout(), /attached\n/);
});
