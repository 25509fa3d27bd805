import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { defaultServerConfig } from '../../src/server/server-config.js';
import { KubeClient } from '../../src/client/index.js';
import { FakeRuntime } from '../../src/runtime/index.js';
import { createLogger } from '../../src/log.js';
import { startAgent, ManualClock, type AgentOptions, type RunningAgent } from '../../src/agent/index.js';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Cluster {
  server: RunningServer;
  client: KubeClient;
  dataDir: string;
}

export async function startCluster(t: Teardown): Promise<Cluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk8s-agent-'));
  const server = await startServer(defaultServerConfig({ dataDir, httpsListenPort: 0, disableAgent: true, logLevel: 'error' }));
  const client = new KubeClient({ server: server.url, caPem: server.caPem, token: server.adminToken, source: 'test' });
  t.teardown(async () => {
    client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { server, client, dataDir };
}

export interface TestAgent {
  agent: RunningAgent;
  runtime: FakeRuntime;
  clock: ManualClock;
}

export function runAgent(t: Teardown, cluster: Cluster, overrides: Partial<AgentOptions> = {}): TestAgent {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock();
  const runtime = (overrides.runtime as FakeRuntime | undefined) ?? new FakeRuntime({ images: ['busybox:1.36'] });
  const agent = startAgent({
    client: cluster.client, nodeName: 'node-1', nodeIp: '192.168.0.10', podCidr: '10.42.0.0/24',
    clusterDns: '10.43.0.10', clusterDomain: 'cluster.local', labels: {}, taints: [], controlPlane: false,
    runtime, dataDir: join(cluster.dataDir, 'node-1'), log: createLogger({ level: 'error' }),
    runtimeVersion: 'containerd://1.6.20', renewIntervalMs: 20, syncIntervalMs: 10, clock, ...overrides,
  });
  t.teardown(() => agent.stop());
  return { agent, runtime, clock };
}

/** Polls `fn` until it returns a truthy value, or fails after `ms`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setImmediate(r));
  }
}

export function pod(name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...extra }, spec: { nodeName: 'node-1', ...spec } };
}

export async function getPod(client: KubeClient, name: string): Promise<any> {
  return client.call('GET', `/api/v1/namespaces/default/pods/${name}`);
}

export async function podWhere(client: KubeClient, name: string, what: string, pred: (p: any) => boolean, ms = 5000): Promise<any> {
  return waitFor(what, async () => {
    const p = await getPod(client, name);
    return pred(p) ? p : undefined;
  }, ms);
}
