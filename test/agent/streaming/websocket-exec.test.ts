import t from 'tap';
import { WebSocket } from 'ws';
import { startTestAgent } from './helpers/start-agent.js';

const agent = await startTestAgent(t);
agent.pods.set('default/p1', new Map([['main', { containerId: 'c1', logPath: '/nonexistent', podIp: '127.0.0.1' }]]));

interface Session {
  channels: Map<number, Buffer>;
  protocol: string;
  send(channel: number, data: Buffer | string): void;
  closed: Promise<void>;
}

function open(path: string, protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'], token = agent.token): Promise<Session> {
  const ws = new WebSocket(`wss://127.0.0.1:${agent.server.port}${path}`, protocols, { ca: agent.pki.caPem, headers: { authorization: `Bearer ${token}` } });
  const channels = new Map<number, Buffer>();
  ws.on('message', (data: Buffer) => channels.set(data[0], Buffer.concat([channels.get(data[0]) ?? Buffer.alloc(0), data.subarray(1)])));
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ channels, protocol: ws.protocol, closed, send: (ch, d) => ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(d)])) }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

t.test('v5: stdin echoed through cat, half-close ends it, Success on channel 3', async (t) => {
  const s = await open('/exec/default/p1/main?command=cat&stdin=true&stdout=true&stderr=true');
  t.equal(s.protocol, 'v5.channel.k8s.io');
  s.send(0, 'hello\n');
  s.send(255, Buffer.from([0]));
  await s.closed;
  t.equal(s.channels.get(1)?.toString(), 'hello\n');
  t.same(JSON.parse(s.channels.get(3)!.toString()), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
});

t.test('v5: exit code 3 and stderr', async (t) => {
  const s = await open('/exec/default/p1/main?command=sh&command=-c&command=echo%20oops%20%3E%262%3B%20exit%203&stdout=true&stderr=true');
  await s.closed;
  t.equal(s.channels.get(2)?.toString(), 'oops\n');
  const status = JSON.parse(s.channels.get(3)!.toString());
  t.equal(status.reason, 'NonZeroExitCode');
  t.same(status.details.causes, [{ reason: 'ExitCode', message: '3' }]);
});

t.test('v4 is negotiated when v5 is not offered; resize reaches the runtime', async (t) => {
  const s = await open('/exec/default/p1/main?command=cat&stdin=true&stdout=true&tty=true', ['v4.channel.k8s.io']);
  t.equal(s.protocol, 'v4.channel.k8s.io');
  s.send(4, JSON.stringify({ Width: 100, Height: 40 }));
  s.send(0, 'x\n');
  await t.resolves(waitFor(() => (s.channels.get(1)?.toString() ?? '').includes('x')));
  t.same(agent.runner.resizes.at(-1), { width: 100, height: 40 });
  agent.runner.stopAll();
  await s.closed;
});

t.test('a wrong token is refused with 401', async (t) => {
  await t.rejects(open('/exec/default/p1/main?command=cat&stdout=true', undefined, 'wrong'), /HTTP 401/);
});

t.test('an unknown pod is 404', async (t) => {
  await t.rejects(open('/exec/default/nope/main?command=cat&stdout=true'), /HTTP 404/);
});

/** Polls a condition until it holds or a deadline passes. */
async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setImmediate(r));
  }
}
