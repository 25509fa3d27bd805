import { connect } from 'node:net';
import t from 'tap';
import { startTestAgent } from '../../agent/streaming/helpers/start-agent.js';
import { startHarness, type KubectlRun } from './helpers/kube-harness.js';

const agent = await startTestAgent(t);
agent.pods.set('default/p1', new Map([['main', { containerId: 'c1', logPath: '/nonexistent', podIp: '127.0.0.1' }]]));
const h = await startHarness(t, agent);

/** The local port kubectl reports once it listens. */
function localPort(run: KubectlRun): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(run.stdout());
      if (m) resolve(Number(m[1]));
    };
    run.child.stdout!.on('data', check);
    void run.exit.then((code) => reject(new Error(`kubectl exited ${code}: ${run.stderr()}`)));
  });
}

/** Sends `text` through the forwarded port, half-closes, and resolves with everything echoed back. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (c) => (got += c));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
}

for (const minor of [27, 30, 31, 33]) {
  t.test(`kubectl 1.${minor} port-forward to a TCP echo server`, async (t) => {
    const run = h.kubectl(minor, ['port-forward', 'pod/p1', `:${agent.echoPort}`, '-v=6']);
    const port = await localPort(run);
    t.equal(await roundTrip(port, 'ping one\n'), 'ping one\n');
    t.equal(await roundTrip(port, 'x'.repeat(200_000)), 'x'.repeat(200_000), 'a large transfer, twice over one session');
    process.kill(run.child.pid!, 'SIGTERM');
    await run.exit;
    if (minor >= 31) {
      t.match(run.stderr(), /tunneling_dialer.*negotiated protocol: portforward\.k8s\.io/, 'the WebSocket tunnel was used');
      t.notMatch(run.stderr(), /fallback to secondary dialer/, 'no fallback to plain SPDY');
    }
  });
}
