import type { IncomingMessage, ServerResponse } from 'node:http';
import t from 'tap';
import { createStatsRoute } from '../../../src/agent/streaming/stats-route.js';
import { createMetricsHandler, formatCpu, formatMemory, MetricsProvider, type StatsSummary } from '../../../src/server/metrics/index.js';
import { fakeSource, T0 } from './fake-source.js';


/** Calls the handler with a captured response. */
async function get(handler: ReturnType<typeof createMetricsHandler>, url: string, method = 'GET') {
  const u = new URL(url, 'https://x');
  let status = 0;
  let body = '';
  const res = { headersSent: false, writeHead(code: number) { status = code; return res; }, end(text: string) { body = text; } } as unknown as ServerResponse;
  const handled = await handler({ method } as IncomingMessage, res, u.pathname.replace(/\/+$/, ''), u.searchParams);
  return { handled, status, body: body ? JSON.parse(body) : undefined };
}

t.test('quantities in canonical form', async (t) => {
  t.equal(formatCpu(250_000_000), '250m');
  t.equal(formatCpu(12_345), '12345n');
  t.equal(formatCpu(2_000_000_000), '2');
  t.equal(formatCpu(1_500_000), '1500u');
  t.equal(formatCpu(0), '0');
  t.equal(formatMemory(126_418_944), '123456Ki');
  t.equal(formatMemory(2 ** 20), '1Mi');
  t.equal(formatMemory(1_000_000_001), '1000000001');
  t.equal(formatMemory(1000), '1000');
});

t.test('discovery, NodeMetrics and PodMetrics shapes', async (t) => {
  const h = createMetricsHandler(fakeSource, { now: () => T0 + 5000 });
  t.equal((await get(h, '/api/v1/pods')).handled, false, 'other paths are not ours');
  t.match((await get(h, '/apis/metrics.k8s.io')).body, { kind: 'APIGroup', name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } });
  const rl = (await get(h, '/apis/metrics.k8s.io/v1beta1')).body;
  t.same(rl.resources.map((r: any) => [r.name, r.kind, r.namespaced, r.verbs]), [['nodes', 'NodeMetrics', false, ['get', 'list']], ['pods', 'PodMetrics', true, ['get', 'list']]]);

  const nodes = (await get(h, '/apis/metrics.k8s.io/v1beta1/nodes')).body;
  t.equal(nodes.kind, 'NodeMetricsList');
  t.equal(nodes.apiVersion, 'metrics.k8s.io/v1beta1');
  t.same(nodes.items[0], {
    kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'n1', creationTimestamp: '2025-01-01T00:00:05Z', labels: { zone: 'a' } },
    timestamp: '2025-01-01T00:00:00Z', window: '15s', usage: { cpu: '250m', memory: '512Mi' },
  });
  t.same((await get(h, '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=zone%3Db')).body.items.map((i: any) => i.metadata.name), ['n2']);
  t.equal((await get(h, '/apis/metrics.k8s.io/v1beta1/nodes/n2')).body.usage.cpu, '12345n');
  const missing = await get(h, '/apis/metrics.k8s.io/v1beta1/nodes/n9');
  t.equal(missing.status, 404);
  t.equal(missing.body.message, 'nodemetrics.metrics.k8s.io "n9" not found');

  const pods = (await get(h, '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).body;
  t.equal(pods.kind, 'PodMetricsList');
  t.same(pods.items.map((i: any) => i.metadata.name), ['db-1', 'web-1']);
  const web = (await get(h, '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-1')).body;
  t.same(web.containers, [{ name: 'c', usage: { cpu: '1500m', memory: '123456Ki' } }]);
  t.match(web, { kind: 'PodMetrics', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } }, window: '15s' });
  t.same((await get(h, '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb')).body.items.map((i: any) => i.metadata.name), ['web-1']);
  t.same((await get(h, '/apis/metrics.k8s.io/v1beta1/pods?fieldSelector=metadata.namespace%3Dkube-system')).body.items.map((i: any) => i.metadata.name), ['dns']);
  t.equal((await get(h, '/apis/metrics.k8s.io/v1beta1/pods')).body.items.length, 3, 'all namespaces');
  const nopod = await get(h, '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope');
  t.equal(nopod.body.message, 'podmetrics.metrics.k8s.io "default/nope" not found');
  t.equal((await get(h, '/apis/metrics.k8s.io/v1beta1/nodes', 'POST')).status, 405);
  t.equal((await get(h, '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=%3D%3D')).status, 400);
});

t.test('the agent route differences cumulative CPU into nanocores', async (t) => {
  let now = T0;
  let cpu = 1_000_000_000;
  let procCpu = 1000;
  const route = createStatsRoute({
    nodeName: 'n1',
    now: () => now,
    stats: async () => ({ node: { cpuNanos: 0, memoryBytes: 0 }, pods: [{ namespace: 'default', name: 'web-1', containers: [{ name: 'c', cpuNanos: cpu, memoryBytes: 4096 }] }] }),
    readProc: async (path) => (path === '/proc/stat' ? `cpu  ${procCpu} 0 0 5000 0 0 0 0 0 0\ncpu0 1 0 0 0\n` : 'MemTotal:       1000 kB\nMemFree:  10 kB\nMemAvailable:    400 kB\n'),
  });
  const first = await route.summary();
  t.equal(first.pods[0].containers[0].cpu.usageNanoCores, undefined, 'no rate from one sample');
  t.equal(first.node.memory.workingSetBytes, 600 * 1024);
  t.equal(first.pods[0].podRef.name, 'web-1');
  now += 10_000;
  cpu += 2_500_000_000; // 0.25 cores over 10 s
  procCpu += 500; // 5 s of busy ticks over 10 s
  const second = await route.summary();
  t.equal(second.pods[0].containers[0].cpu.usageNanoCores, 250_000_000);
  t.equal(second.node.cpu.usageNanoCores, 500_000_000);
  t.equal(second.pods[0].containers[0].memory.workingSetBytes, 4096);
  now += 100;
  t.equal((await route.summary()).pods[0].containers[0].cpu.usageNanoCores, 250_000_000, 'a sample too close keeps the last rate');
  cpu = 10; // restarted container
  now += 10_000;
  t.equal((await route.summary()).pods[0].containers[0].cpu.usageNanoCores, undefined, 'a counter going back restarts the window');
});

t.test('the provider scrapes Ready nodes and joins pods from the API', async (t) => {
  const objects = new Map<string, any>([
    ['/registry/core/nodes/n1', { metadata: { name: 'n1', labels: { zone: 'a' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }],
    ['/registry/core/nodes/n2', { metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }],
    ['/registry/core/pods/default/web-1', { metadata: { name: 'web-1', namespace: 'default', uid: 'u1', labels: { app: 'web' } } }],
  ]);
  const cache = {
    get: (key: string) => (objects.has(key) ? { obj: objects.get(key) } : undefined),
    list: (prefix: string) => [...objects].filter(([k]) => k.startsWith(prefix)).map(([, obj]) => ({ obj })),
  } as any;
  const time = new Date(T0).toISOString();
  const scraped: string[] = [];
  const summary: StatsSummary = {
    node: { nodeName: 'n1', cpu: { time, usageNanoCores: 100, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 2048 } },
    pods: [
      { podRef: { name: 'web-1', namespace: 'default', uid: 'u1' }, containers: [{ name: 'c', cpu: { time, usageNanoCores: 5_000_000 }, memory: { time, workingSetBytes: 1024 } }] },
      { podRef: { name: 'gone', namespace: 'default', uid: 'u2' }, containers: [{ name: 'c', cpu: { time, usageNanoCores: 1 }, memory: { time, workingSetBytes: 1 } }] },
      { podRef: { name: 'young', namespace: 'default', uid: 'u3' }, containers: [{ name: 'c', cpu: { time }, memory: { time, workingSetBytes: 1 } }] },
    ],
  };
  let clock = T0;
  const provider = new MetricsProvider({
    cache,
    now: () => clock,
    resolveNodeEndpoint: (name) => ({ host: name, port: 10250, token: 't' }),
    fetchSummary: async (_ep, name) => {
      scraped.push(name);
      return summary;
    },
  });
  const pods = await provider.podMetrics('default');
  t.same(scraped, ['n1'], 'only the Ready node, scraped on demand');
  t.same(pods, [{ namespace: 'default', name: 'web-1', labels: { app: 'web' }, timestamp: T0, windowMs: 15_000, containers: [{ name: 'c', cpuNanoCores: 5_000_000, memoryBytes: 1024 }] }]);
  t.same((await provider.nodeMetrics()).map((n) => [n.name, n.cpuNanoCores, n.memoryBytes, n.labels]), [['n1', 100, 2048, { zone: 'a' }]]);
  t.equal(scraped.length, 1, 'fresh data is reused');
  clock += 30_000;
  await provider.nodeMetrics();
  t.equal(scraped.length, 2, 'stale data is re-scraped');
});
