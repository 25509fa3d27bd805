/**
 * API throughput over HTTPS, 16 keep-alive connections, bearer token, CA from the kubeconfig;
 * the load generator runs in its own process. Figures: creates/s of ~1 KiB ConfigMaps,
 * gets/s, and p99 latency of creates+updates at a steady 500 writes/s for 10 s.
 * Targets: ≥ 2,000 creates/s, ≥ 10,000 gets/s, p99 ≤ 50 ms.
 *   node bench/api-throughput.mjs [--quick] [--creates=20000] [--getSeconds=5] [--steadySeconds=10] [--rate=500]
 */
import { parseArgs, sized } from './lib/args.mjs';
import { report } from './lib/report.mjs';
import { cpuMeter } from './lib/proc.mjs';
import { createClient, ensureNamespace } from './lib/client.mjs';
import { startLoad } from './lib/load.mjs';
import { startMk8s, tempDir, removeDir } from './lib/server.mjs';
import { haveWrk, wrkLoad } from './lib/wrk.mjs';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const opts = parseArgs();
const creates = sized(opts, 'creates', 20_000, 500);
const getMs = (typeof opts.getSeconds === 'number' ? opts.getSeconds : opts.quick ? 2 : 5) * 1000;
const steadyMs = (typeof opts.steadySeconds === 'number' ? opts.steadySeconds : opts.quick ? 3 : 10) * 1000;
const rate = typeof opts.rate === 'number' ? opts.rate : 500;
const concurrency = 16;

const dir = tempDir('api');
let server;
let load;
try {
  server = await startMk8s({ dataDir: dir });
  const admin = createClient(server);
  await ensureNamespace(admin, 'bench');
  admin.close();
  load = startLoad();
  const target = { url: server.url, ca: server.ca, token: server.token };

  let m = cpuMeter(server.pid);
  const create = await load.run('create', { server: target, namespace: 'bench', prefix: 'cm-', count: creates, concurrency });
  create.server = m.stop();

  m = cpuMeter(server.pid);
  const get = await load.run('get', { server: target, namespace: 'bench', prefix: 'cm-', objects: Math.min(creates, 1000), durationMs: getMs, concurrency });
  get.server = m.stop();

  // Calibration: the same load against a bare Node HTTPS server on this machine, right now.
  const plain = fork(fileURLToPath(new URL('./lib/plain-server.mjs', import.meta.url)), [join(dir, 'server/tls/serving.crt'), join(dir, 'server/tls/serving.key')]);
  const plainPort = await new Promise((r) => plain.once('message', r));
  m = cpuMeter(plain.pid);
  const baseline = await load.run('get', { server: { ...target, url: `https://127.0.0.1:${plainPort}` }, namespace: 'bench', prefix: 'cm-', objects: 1, durationMs: getMs, concurrency });
  baseline.server = m.stop();
  plain.send('exit');

  // The same two loads from wrk (C, far cheaper per request than the Node client), when installed.
  let wrk;
  if (await haveWrk()) {
    const seconds = Math.max(2, Math.round(getMs / 1000));
    m = cpuMeter(server.pid);
    const wrkCreate = await wrkLoad({ server: target, namespace: 'bench', mode: 'create', prefix: 'wrk-', bytes: 1000, seconds, connections: concurrency });
    wrkCreate.server = m.stop();
    m = cpuMeter(server.pid);
    const wrkGet = await wrkLoad({ server: target, namespace: 'bench', mode: 'get', prefix: 'cm-', objects: Math.min(creates, 1000), seconds, connections: concurrency });
    wrkGet.server = m.stop();
    wrk = { create: wrkCreate, get: wrkGet };
  }

  m = cpuMeter(server.pid);
  const steady = await load.run('steady', { server: target, namespace: 'bench', prefix: 'cm-', objects: Math.min(creates, 1000), rate, durationMs: steadyMs, concurrency });
  steady.server = m.stop();

  report('api-throughput', {
    params: { creates, getSeconds: getMs / 1000, steadySeconds: steadyMs / 1000, rate, concurrency, objectBytes: 1100 },
    figures: {
      createsPerSecond: Math.max(create.perSecond, wrk && wrk.create.non2xx === 0 ? wrk.create.perSecond : 0),
      getsPerSecond: Math.max(get.perSecond, wrk && wrk.get.non2xx === 0 ? wrk.get.perSecond : 0),
      nodeClientCreatesPerSecond: create.perSecond,
      nodeClientGetsPerSecond: get.perSecond,
      wrkCreatesPerSecond: wrk?.create.perSecond ?? null,
      wrkGetsPerSecond: wrk?.get.perSecond ?? null,
      wrk: wrk ?? 'not installed (apt-get install wrk)',
      steadyP99Ms: steady.latencyMs.p99,
      bareNodeHttpsGetsPerSecond: baseline.perSecond,
      create,
      get,
      bareNodeHttps: baseline,
      steady,
    },
    targets: {
      creates: { figure: 'createsPerSecond', min: 2000, unit: '/s' },
      gets: { figure: 'getsPerSecond', min: 10_000, unit: '/s' },
      steadyP99: { figure: 'steadyP99Ms', max: 50, unit: ' ms' },
    },
    notes: [
      'client and server share this 2-core machine: "client.cores" is the load generator\'s CPU use, "server.cores" the server\'s, per phase',
      'createsPerSecond / getsPerSecond: the better of the two clients (Node load generator, and wrk -t1 with the same 16 connections when installed; a wrk run with any non-2xx answer does not count); both are reported',
      'bareNodeHttps: the get load against a bare Node HTTPS server returning a fixed 1 KiB body: the ceiling of this client on this machine at that moment',
      'steady: open loop (latency from each request\'s scheduled time), half creates, half conditional updates (PUT with resourceVersion)',
    ],
  });
} finally {
  await load?.stop();
  await server?.stop();
  removeDir(dir);
}
