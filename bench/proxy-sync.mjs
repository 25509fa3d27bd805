/**
 * Service proxy sync time (issue 5: rules "updated within 1 s of an endpoint change, with one
 * batched iptables-restore per change"). The agent's proxy (dist/src/agent/proxy) programs
 * iptables inside a throwaway network namespace (never the host's tables), fed by an in-memory
 * list/watch of --sizes Services (each with --endpoints ready endpoints, every other one a
 * NodePort). Per size:
 *  - firstSyncMs: the first sync (every chain written into empty tables);
 *  - fullRewriteMs: a forced rewrite of every chain (`syncNow`), what every change cost before
 *    the proxy wrote only the changed chains;
 *  - change: one endpoint of one service turns not ready, then ready again (--changes times):
 *    time from the watch event to `iptables-restore` having returned (p50/max; includes the 50 ms
 *    debounce), the restore alone, and how many chains it wrote.
 * Target: change max ≤ 1 s at the largest size.
 *   node bench/proxy-sync.mjs [--quick] [--sizes=10,100,1000] [--endpoints=3] [--changes=10]
 * Needs root and iptables.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { createMemoryListWatch } from './lib/memory-list-watch.mjs';
import { percentile, report, round } from './lib/report.mjs';
import { ROOT } from './lib/server.mjs';

const opts = parseArgs();
const sizes = String(opts.sizes ?? (opts.quick ? '10,100' : '10,100,1000')).split(',').map(Number);
const endpoints = typeof opts.endpoints === 'number' ? opts.endpoints : 3;
const changes = typeof opts.changes === 'number' ? opts.changes : opts.quick ? 4 : 10;
const proxyModule = await import(pathToFileURL(join(ROOT, 'dist/src/agent/proxy/index.js')).href);
const { startServiceProxy, createIptablesRunner, cleanupServiceProxy } = proxyModule;

const SVCS = '/api/v1/services';
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices';
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };

const service = (i) => ({
  metadata: { namespace: 'bench', name: `svc-${i}` },
  spec: { type: i % 2 ? 'NodePort' : 'ClusterIP', clusterIP: `10.43.${(i >> 8) & 255}.${i & 255}`, ports: [{ name: 'http', port: 80, protocol: 'TCP', ...(i % 2 ? { nodePort: 30000 + i } : {}) }] },
});
const slice = (i, notReady = -1) => ({
  metadata: { namespace: 'bench', name: `svc-${i}-abcde`, labels: { 'kubernetes.io/service-name': `svc-${i}` } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: Array.from({ length: endpoints }, (_, e) => ({ addresses: [`10.42.${e}.${(i % 250) + 2}`], conditions: { ready: e !== notReady } })),
});

/** One size in its own network namespace; returns its figures. */
async function measure(n) {
  const netns = `mk8s-bench-proxy-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', netns]);
  let proxy;
  const runner = createIptablesRunner({ netns });
  try {
    const client = createMemoryListWatch();
    for (let i = 0; i < n; i++) {
      client.put(SVCS, service(i));
      client.put(SLICES, slice(i));
    }
    let restored;
    const timed = {
      save: (table) => runner.save(table),
      restore: async (text) => {
        await runner.restore(text);
        const at = performance.now();
        const waiter = restored;
        restored = undefined;
        // After the proxy has recorded this restore in its stats (a microtask after we return).
        setImmediate(() => waiter?.(at));
      },
    };
    const t0 = performance.now();
    proxy = startServiceProxy({ client, log: quiet, runner: timed, sysctls: false, clusterCidr: '10.42.0.0/16', nodeIps: ['192.168.250.1'] });
    await proxy.synced;
    const first = { ms: performance.now() - t0, restoreMs: proxy.stats().lastRestoreMs, lines: proxy.stats().lastRestoreLines };

    const full = [];
    for (let k = 0; k < 2; k++) {
      await proxy.syncNow();
      full.push(proxy.stats().lastRestoreMs);
    }

    const latency = [];
    const restoreMs = [];
    const chains = [];
    const lines = [];
    for (let k = 0; k < changes; k++) {
      const i = (k * 7919) % n;
      for (const notReady of [0, -1]) {
        const done = new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no restore within 30 s of an endpoint change (${n} services)`)), 30_000);
          restored = (at) => {
            clearTimeout(timer);
            resolve(at);
          };
        });
        const at = performance.now();
        client.put(SLICES, slice(i, notReady));
        latency.push((await done) - at);
        const s = proxy.stats();
        restoreMs.push(s.lastRestoreMs);
        chains.push(s.lastChainsWritten);
        lines.push(s.lastRestoreLines);
      }
    }
    const sorted = (a) => [...a].sort((x, y) => x - y);
    const stats = proxy.stats();
    return {
      servicePorts: stats.servicePorts,
      firstSyncMs: round(first.ms),
      firstRestoreMs: round(first.restoreMs),
      fullRestoreLines: first.lines,
      fullRewriteMs: round(Math.min(...full)),
      changeP50Ms: round(percentile(sorted(latency), 50)),
      changeMaxMs: round(Math.max(...latency)),
      changeRestoreP50Ms: round(percentile(sorted(restoreMs), 50)),
      changeChainsWritten: Math.max(...chains),
      changeRestoreLines: Math.max(...lines),
      changes: latency.length,
      fullSyncs: stats.fullSyncs,
      syncs: stats.syncs,
    };
  } finally {
    proxy?.stop();
    await cleanupServiceProxy({ runner }).catch(() => undefined);
    execFileSync('ip', ['netns', 'delete', netns]);
  }
}

const bySize = {};
for (const n of sizes) bySize[n] = await measure(n);
const largest = bySize[sizes[sizes.length - 1]];
const figures = {
  largestServices: sizes[sizes.length - 1],
  changeP50Ms: largest.changeP50Ms,
  changeMaxMs: largest.changeMaxMs,
  fullRewriteMs: largest.fullRewriteMs,
  bySize,
};
report('proxy-sync', {
  params: { sizes, endpoints, changes, nodePorts: 'every other service', backend: execFileSync('iptables', ['--version']).toString().trim() },
  figures,
  targets: { changeMax: { figure: 'changeMaxMs', max: 1000, unit: ' ms' } },
  notes: [
    'change: one endpoint of one service set not ready, then ready again; timed from the watch event to iptables-restore returning (debounce 50 ms included); changeChainsWritten/changeRestoreLines: the largest restore of a change',
    'fullRewriteMs: syncNow() (every chain written, best of 2): the per-change cost when every change rewrote all chains',
    'firstSyncMs: proxy start to the first ruleset in the kernel (reads both tables, writes every chain and the jumps)',
  ],
});
