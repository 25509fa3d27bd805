/**
 * Store size under churn: U updates spread over 1,000 objects of ~1 KiB straight through
 * SqliteStore (default options, background compaction on), yielding to the event loop every
 * 100 writes as a server would; then the SQLite file + WAL size (max seen and at the end) and
 * the write rate. Also the same through the HTTP API for a smaller count (16 writers in a
 * separate process), then the server's db dir size.
 * Targets: file + WAL ≤ 64 MiB (max seen, both runs).
 *   node bench/store-size.mjs [--quick] [--updates=1000000] [--httpUpdates=30000] [--maxSeconds=240]
 * The direct run stops early at --maxSeconds (reported as stoppedByTimeCap).
 */
import { join } from 'node:path';
import { parseArgs, sized } from './lib/args.mjs';
import { report, round } from './lib/report.mjs';
import { dirFiles, MiB } from './lib/proc.mjs';
import { createClient, ensureNamespace, configMap } from './lib/client.mjs';
import { startLoad } from './lib/load.mjs';
import { ROOT, startMk8s, tempDir, removeDir } from './lib/server.mjs';

const { SqliteStore } = await import(join(ROOT, 'dist/src/store/index.js'));

const opts = parseArgs();
const updates = sized(opts, 'updates', 1_000_000, 10_000);
const httpUpdates = opts.httpUpdates === 0 ? 0 : sized(opts, 'httpUpdates', 30_000, 2000);
const objects = 1000;
// Bounds the direct run's wall time (the whole `npm run bench` should stay near 10 minutes).
const maxSeconds = typeof opts.maxSeconds === 'number' ? opts.maxSeconds : 240;

const sizeOf = (dir) => {
  const f = dirFiles(dir);
  const db = f['state.db'] ?? 0;
  const wal = f['state.db-wal'] ?? 0;
  return { db, wal, total: db + wal };
};

// 1. Directly through the store.
const dir = tempDir('store');
let direct;
try {
  const store = new SqliteStore(join(dir, 'state.db'));
  const value = (i) => JSON.stringify(configMap('bench', `cm-${i % objects}`, i));
  const keys = Array.from({ length: objects }, (_, i) => `/registry/configmaps/bench/cm-${i}`);
  const revs = new Array(objects);
  for (let i = 0; i < objects; i++) revs[i] = (await store.create(keys[i], value(i))).revision;
  let maxTotal = 0;
  let maxWal = 0;
  let maxEvents = 0;
  const sampleEvery = Math.max(1000, Math.floor(updates / 200));
  const t0 = performance.now();
  const deadline = t0 + maxSeconds * 1000;
  let done = 0;
  for (let i = 0; i < updates; i++, done++) {
    if (i % 1000 === 0 && performance.now() > deadline) break;
    const k = i % objects;
    const r = await store.update(keys[k], value(i), revs[k]);
    if (!r.ok) throw new Error(`update ${keys[k]} at ${revs[k]}: ${r.failure}`);
    revs[k] = r.revision;
    if (i % 100 === 99) await new Promise((res) => setImmediate(res));
    if (i % sampleEvery === 0) {
      const s = sizeOf(dir);
      maxTotal = Math.max(maxTotal, s.total);
      maxWal = Math.max(maxWal, s.wal);
      maxEvents = Math.max(maxEvents, store.eventCount());
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const atEnd = sizeOf(dir);
  const eventsAtEnd = store.eventCount();
  // What the next background compaction (every 5 s) leaves.
  await store.compact();
  const afterCompact = sizeOf(dir);
  await store.close();
  const closed = sizeOf(dir);
  direct = {
    updates: done,
    stoppedByTimeCap: done < updates,
    seconds: round(seconds, 2),
    writesPerSecond: Math.round(done / seconds),
    maxTotalMiB: round(Math.max(maxTotal, atEnd.total) / MiB, 2),
    maxWalMiB: round(Math.max(maxWal, atEnd.wal) / MiB, 2),
    maxEventRows: maxEvents,
    atEnd: { dbMiB: round(atEnd.db / MiB, 2), walMiB: round(atEnd.wal / MiB, 2), eventRows: eventsAtEnd },
    afterCompact: { dbMiB: round(afterCompact.db / MiB, 2), walMiB: round(afterCompact.wal / MiB, 2) },
    afterClose: { dbMiB: round(closed.db / MiB, 2), walMiB: round(closed.wal / MiB, 2) },
  };
} finally {
  removeDir(dir);
}

// 2. Through the HTTP API.
const sdir = tempDir('store-http');
let http = { skipped: true };
let server;
let load;
try {
  if (httpUpdates === 0) throw Object.assign(new Error('skipped'), { skip: true });
  server = await startMk8s({ dataDir: sdir });
  const admin = createClient(server);
  await ensureNamespace(admin, 'bench');
  admin.close();
  load = startLoad();
  const target = { url: server.url, ca: server.ca, token: server.token };
  await load.run('create', { server: target, namespace: 'bench', prefix: 'cm-', count: objects, concurrency: 16 });
  const dbDir = join(sdir, 'server/db');
  let maxTotal = 0;
  const sampler = setInterval(() => (maxTotal = Math.max(maxTotal, sizeOf(dbDir).total)), 200);
  const w = await load.run('update', { server: target, namespace: 'bench', prefix: 'cm-', objects, count: httpUpdates, concurrency: 16 });
  clearInterval(sampler);
  const atEnd = sizeOf(dbDir);
  http = {
    updates: httpUpdates,
    errors: w.errors,
    seconds: w.seconds,
    writesPerSecond: w.perSecond,
    latencyMs: w.latencyMs,
    maxTotalMiB: round(Math.max(maxTotal, atEnd.total) / MiB, 2),
    atEnd: { dbMiB: round(atEnd.db / MiB, 2), walMiB: round(atEnd.wal / MiB, 2) },
    client: w.client,
  };
} catch (err) {
  if (!err.skip) http = { error: String(err.message).slice(0, 500) };
} finally {
  await load?.stop();
  await server?.stop();
  removeDir(sdir);
}

report('store-size', {
  params: { updates, maxSeconds, httpUpdates, objects, objectBytes: 1100, yieldEvery: 100 },
  figures: {
    directMaxFileAndWalMiB: direct.maxTotalMiB,
    directWritesPerSecond: direct.writesPerSecond,
    httpMaxFileAndWalMiB: http.maxTotalMiB ?? null,
    httpWritesPerSecond: http.writesPerSecond ?? null,
    direct,
    http,
  },
  targets: {
    directSize: { figure: 'directMaxFileAndWalMiB', max: 64, unit: ' MiB' },
    ...(httpUpdates > 0 ? { httpSize: { figure: 'httpMaxFileAndWalMiB', max: 64, unit: ' MiB' } } : {}),
  },
  notes: ['sizes sampled every ~0.5% of the direct run and every 200 ms of the HTTP run; max includes the end'],
});
