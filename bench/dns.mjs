/**
 * Cluster DNS: queries per second answered for service names (A, `<svc>.<ns>.svc.cluster.local`)
 * over UDP on loopback. The server (src/agent/dns, bundled on the fly with esbuild) runs in this
 * process with an in-memory index of --services Services; --clients worker threads each keep
 * --window queries in flight for --seconds. Target ≥ 10,000/s.
 *   node bench/dns.mjs [--quick] [--services=1000] [--clients=2] [--window=64] [--seconds=5]
 */
import { build } from 'esbuild';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) await main();
else await client(workerData);

async function main() {
  const { parseArgs, sized } = await import('./lib/args.mjs');
  const { report, round } = await import('./lib/report.mjs');
  const opts = parseArgs();
  const services = sized(opts, 'services', 1000, 10);
  const clients = typeof opts.clients === 'number' ? opts.clients : 2;
  const window = typeof opts.window === 'number' ? opts.window : 64;
  const seconds = typeof opts.seconds === 'number' ? opts.seconds : opts.quick ? 2 : 5;

  const dir = mkdtempSync(join(tmpdir(), 'mk8s-bench-dns-'));
  try {
    const outfile = join(dir, 'dns.mjs');
    const root = fileURLToPath(new URL('..', import.meta.url));
    await build({ entryPoints: [join(root, 'src/agent/dns/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    const dnsModule = await import(outfile);
    const index = new dnsModule.ClusterIndex();
    index.replace('services', Array.from({ length: services }, (_, i) => ({
      metadata: { namespace: 'bench', name: `svc-${i}` },
      spec: { clusterIP: `10.43.${(i >> 8) & 255}.${i & 255}`, ports: [{ name: 'http', port: 80 }] },
    })));
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
    const dns = await dnsModule.startClusterDns({ listen: [{ host: '127.0.0.1', port: 0 }], upstreams: [], index, log: quiet });
    const port = dns.addresses[0].port;
    const results = await runClients(port, { services, window, seconds, clients });
    const stats = dns.stats;
    await dns.close();
    // The same clients against a bare UDP echo in this thread: what this machine allows for any UDP server now.
    const echo = createSocket('udp4');
    echo.on('message', (m, r) => {
      m[2] |= 0x80;
      m.writeUInt16BE(1, 6);
      echo.send(m, r.port, r.address);
    });
    await new Promise((r) => echo.bind(0, '127.0.0.1', r));
    const baseline = await runClients(echo.address().port, { services, window, seconds: Math.min(seconds, 2), clients });
    echo.close();
    const baselineQps = baseline.reduce((n, r) => n + r.answered, 0) / (Math.max(...baseline.map((r) => r.elapsedMs)) / 1000);
    const answered = results.reduce((n, r) => n + r.answered, 0);
    const wrong = results.reduce((n, r) => n + r.wrong, 0);
    const lost = results.reduce((n, r) => n + r.lost, 0);
    const elapsed = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
    const latencies = results.flatMap((r) => r.samples).sort((a, b) => a - b);
    const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
    report('dns', {
      params: { services, clients, window, seconds, transport: 'udp', question: 'A <svc>.bench.svc.cluster.local' },
      figures: { queriesPerSecond: round(answered / elapsed, 0), answered, wrongAnswers: wrong, lost, p50Ms: round(pct(50), 3), p99Ms: round(pct(99), 3), serverQueries: stats.queries, echoBaselineQps: round(baselineQps, 0), ratioToEcho: round(answered / elapsed / baselineQps, 2) },
      targets: { serviceQps: { figure: 'queriesPerSecond', min: 10_000, unit: '/s' } },
      notes: [
        'server and clients share one machine (clients in worker threads); every answer is checked for NOERROR and one A record',
        'echoBaselineQps: the same clients against a bare UDP echo socket, the ceiling any UDP server has on this machine at this load',
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runClients(port, { services, window, seconds, clients }) {
  const self = fileURLToPath(import.meta.url);
  return Promise.all(Array.from({ length: clients }, (_, c) => new Promise((resolve, reject) => {
    const w = new Worker(self, { workerData: { port, services, window, seconds, seed: c } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
}

/** Keeps `window` queries in flight on one UDP socket for `seconds`; a query unanswered for 1 s is counted lost and replaced. */
async function client({ port, services, window, seconds, seed }) {
  const socket = createSocket('udp4');
  await new Promise((r) => socket.bind(0, '127.0.0.1', r));
  const pending = new Map();
  let nextId = (seed * 7919) & 0xffff;
  let answered = 0;
  let wrong = 0;
  let lost = 0;
  const samples = [];
  let stopSweep = () => {};
  const start = performance.now();
  const end = start + seconds * 1000;
  const send = () => {
    nextId = (nextId + 1) & 0xffff;
    while (pending.has(nextId)) nextId = (nextId + 1) & 0xffff;
    const name = `svc-${Math.floor(Math.random() * services)}.bench.svc.cluster.local`;
    pending.set(nextId, performance.now());
    socket.send(encodeQuery(nextId, name), port, '127.0.0.1');
  };
  const done = new Promise((resolve) => {
    socket.on('message', (msg) => {
      const id = msg.readUInt16BE(0);
      const sent = pending.get(id);
      if (sent === undefined) return;
      pending.delete(id);
      const now = performance.now();
      if ((msg[3] & 0x0f) === 0 && msg.readUInt16BE(6) === 1) answered++;
      else wrong++;
      if ((answered & 63) === 0) samples.push(now - sent);
      if (now < end) send();
      else if (pending.size === 0) resolve(now);
    });
    const sweep = setInterval(() => {
      const now = performance.now();
      for (const [id, sent] of pending) {
        if (now - sent < 1000) continue;
        pending.delete(id);
        lost++;
        if (now < end) send();
      }
      if (now >= end && pending.size === 0) resolve(now);
    }, 250);
    stopSweep = () => clearInterval(sweep);
  });
  for (let i = 0; i < window; i++) send();
  const finished = await done;
  stopSweep();
  socket.close();
  parentPort.postMessage({ answered, wrong, lost, elapsedMs: finished - start, samples });
}

function encodeQuery(id, name) {
  const labels = name.split('.');
  const buf = Buffer.alloc(12 + labels.reduce((n, l) => n + l.length + 1, 1) + 4);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(0x0100, 2); // RD
  buf.writeUInt16BE(1, 4);
  let o = 12;
  for (const l of labels) {
    buf[o++] = l.length;
    o += buf.write(l, o, 'latin1');
  }
  buf[o++] = 0;
  buf.writeUInt16BE(1, o); // A
  buf.writeUInt16BE(1, o + 2); // IN
  return buf;
}
