import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStreamingServer, type ContainerTarget, type StreamingServer } from '../../../../src/agent/streaming/index.js';
import { LocalExec } from './local-exec.js';
import { testPki, type TestPki } from './pki.js';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestAgent {
  server: StreamingServer;
  pki: TestPki;
  token: string;
  dir: string;
  runner: LocalExec;
  /** Pods by "ns/pod" → containers by name (the first is the default). */
  pods: Map<string, Map<string, ContainerTarget & { running?: boolean }>>;
  /** A TCP echo server on 127.0.0.1 (the pods' "IP"); its port. */
  echoPort: number;
}

export const AGENT_TOKEN = 'agent-test-token';

/** A streaming server on port 0 whose containers are local child processes. */
export async function startTestAgent(t: Teardown): Promise<TestAgent> {
  const pki = await testPki();
  const dir = await mkdtemp(join(tmpdir(), 'mk8s-streaming-'));
  const runner = new LocalExec();
  const pods: TestAgent['pods'] = new Map();
  const echoSockets = new Set<import('node:net').Socket>();
  const echo: Server = createServer((s) => {
    echoSockets.add(s);
    s.on('close', () => echoSockets.delete(s));
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const echoPort = (echo.address() as { port: number }).port;
  const server = await createStreamingServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: pki.certPem, key: pki.keyPem },
    authenticate: (req) => req.headers.authorization === `Bearer ${AGENT_TOKEN}`,
    findContainer: (ns, pod, container) => {
      const containers = pods.get(`${ns}/${pod}`);
      if (!containers) return undefined;
      return container ? containers.get(container) : containers.values().next().value;
    },
    isRunning: (id) => [...pods.values()].some((cs) => [...cs.values()].some((c) => c.containerId === id && c.running !== false)),
    exec: runner.exec,
    attach: (id, io) => runner.exec(id, ['cat'], io),
    portForward: (target, port) => connect(port, target.podIp),
  });
  t.teardown(async () => {
    runner.stopAll();
    await server.close();
    for (const s of echoSockets) s.destroy();
    await new Promise((r) => echo.close(r));
    await rm(dir, { recursive: true, force: true });
  });
  return { server, pki, token: AGENT_TOKEN, dir, runner, pods, echoPort };
}
