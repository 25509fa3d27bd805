/**
 * The load generator, run as a separate process (see load.mjs) so it does not share the
 * benchmark's event loop; each message { id, op, ...params } is answered with
 * { id, result } or { id, error }. Every result carries the client's CPU use.
 */
import { createClient, configMap, payload } from './client.mjs';
import { percentile } from './report.mjs';

const ops = { create, get, update, steady, etcdPut };

process.on('message', async (msg) => {
  if (msg.op === 'exit') process.exit(0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const result = await ops[msg.op](msg);
    const wall = (performance.now() - t0) / 1000;
    const u = process.cpuUsage(cpu0);
    const cpu = (u.user + u.system) / 1e6;
    process.send({ id: msg.id, result: { ...result, client: { cpuSeconds: r2(cpu), cores: r2(cpu / wall) } } });
  } catch (err) {
    process.send({ id: msg.id, error: String(err?.stack ?? err) });
  }
});

const r2 = (v) => Math.round(v * 100) / 100;

function summary(latencies, count, errors, seconds) {
  latencies.sort((a, b) => a - b);
  return {
    count,
    errors,
    seconds: r2(seconds),
    perSecond: Math.round(count / seconds),
    latencyMs: { p50: r2(percentile(latencies, 50)), p99: r2(percentile(latencies, 99)), max: r2(latencies[latencies.length - 1] ?? NaN) },
  };
}

/**
 * Runs `concurrency` loops, each calling `step(loop, i)` while `more(i)` holds (a number is a
 * request count); a step resolves true or an error description.
 */
async function closedLoop(concurrency, more, step) {
  const keepGoing = typeof more === 'number' ? (i) => i < more : more;
  let issued = 0;
  let errors = 0;
  let firstError;
  const latencies = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (keepGoing(issued)) {
        const i = issued++;
        const s = performance.now();
        const ok = await step(loop, i).catch((err) => String(err));
        latencies.push(performance.now() - s);
        if (ok !== true) {
          errors++;
          firstError ??= ok;
        }
      }
    }),
  );
  const out = summary(latencies, issued - errors, errors, (performance.now() - t0) / 1000);
  if (firstError) out.firstError = String(firstError).slice(0, 300);
  return out;
}

/** POST `count` ConfigMaps named `${prefix}${i}`. */
async function create({ server, namespace, prefix, count, concurrency = 16 }) {
  const c = createClient({ ...server, maxSockets: concurrency });
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  await c.send('GET', '/readyz');
  const out = await closedLoop(concurrency, count, async (_, i) => {
    const r = await c.send('POST', path, configMap(namespace, `${prefix}${i}`, i));
    return r.status === 201 || `HTTP ${r.status} ${r.body}`;
  });
  c.close();
  return out;
}

/** GETs of existing ConfigMaps `${prefix}${i % objects}` for `durationMs`. */
async function get({ server, namespace, prefix, objects, durationMs, concurrency = 16 }) {
  const c = createClient({ ...server, maxSockets: concurrency });
  const base = `/api/v1/namespaces/${namespace}/configmaps/`;
  const end = performance.now() + durationMs;
  const out = await closedLoop(concurrency, () => performance.now() < end, async (_, i) => {
    const r = await c.send('GET', base + prefix + (i % objects));
    return r.status === 200 || `HTTP ${r.status} ${r.body.slice(0, 200)}`;
  });
  c.close();
  return out;
}

/**
 * `count` conditional updates (PUT with the last resourceVersion) spread over ConfigMaps
 * `${prefix}0..objects-1`; loop k owns the objects with index ≡ k (mod concurrency).
 */
async function update({ server, namespace, prefix, objects, count, concurrency = 16 }) {
  const c = createClient({ ...server, maxSockets: concurrency });
  const base = `/api/v1/namespaces/${namespace}/configmaps/`;
  const rv = new Map();
  const cursor = new Array(concurrency).fill(0);
  let lastRevision = 0;
  const out = await closedLoop(concurrency, count, async (loop, i) => {
    const mine = Math.ceil((objects - loop) / concurrency);
    const idx = loop + concurrency * (cursor[loop]++ % mine);
    const name = prefix + idx;
    const body = configMap(namespace, name, i);
    if (rv.has(name)) body.metadata.resourceVersion = rv.get(name);
    const r = await c.send('PUT', base + name, body);
    if (r.status !== 200) return `HTTP ${r.status} ${r.body.slice(0, 200)}`;
    const v = JSON.parse(r.body).metadata.resourceVersion;
    rv.set(name, v);
    if (Number(v) > lastRevision) lastRevision = Number(v);
    return true;
  });
  c.close();
  return { ...out, lastRevision };
}

/**
 * Open loop: `rate` writes/s for `durationMs`, alternating creates of new ConfigMaps and
 * conditional updates of `${prefix}0..objects-1`. Latency is measured from each request's
 * scheduled time, so a stalled server is not hidden (no coordinated omission).
 */
async function steady({ server, namespace, prefix, objects, rate, durationMs, concurrency = 16 }) {
  const c = createClient({ ...server, maxSockets: concurrency });
  const base = `/api/v1/namespaces/${namespace}/configmaps`;
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const rv = new Map();
  const busy = new Set();
  const latencies = { create: [], update: [], all: [] };
  let errors = 0;
  let firstError;
  let nextUpdate = 0;
  let sent = 0;
  const pending = [];
  const t0 = performance.now();
  const fire = (i, scheduled) => {
    const isCreate = i % 2 === 0;
    let p;
    if (isCreate) {
      p = c.send('POST', base, configMap(namespace, `steady-${i}`, i)).then((r) => r.status === 201 || `HTTP ${r.status} ${r.body.slice(0, 200)}`);
    } else {
      let name;
      for (let k = 0; k < objects; k++) {
        name = prefix + (nextUpdate++ % objects);
        if (!busy.has(name)) break;
      }
      busy.add(name);
      const body = configMap(namespace, name, i);
      if (rv.has(name)) body.metadata.resourceVersion = rv.get(name);
      p = c.send('PUT', `${base}/${name}`, body).then((r) => {
        busy.delete(name);
        if (r.status !== 200) return `HTTP ${r.status} ${r.body.slice(0, 200)}`;
        rv.set(name, JSON.parse(r.body).metadata.resourceVersion);
        return true;
      });
    }
    pending.push(
      p.then(
        (ok) => {
          const ms = performance.now() - scheduled;
          latencies[isCreate ? 'create' : 'update'].push(ms);
          latencies.all.push(ms);
          if (ok !== true) {
            errors++;
            firstError ??= ok;
          }
        },
        (err) => {
          errors++;
          firstError ??= String(err);
        },
      ),
    );
  };
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        fire(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + sent * interval - performance.now())));
      else done();
    };
    tick();
  });
  await Promise.all(pending);
  const seconds = (performance.now() - t0) / 1000;
  c.close();
  const out = summary(latencies.all, total - errors, errors, seconds);
  out.targetRate = rate;
  out.create = summary(latencies.create, latencies.create.length, 0, seconds).latencyMs;
  out.update = summary(latencies.update, latencies.update.length, 0, seconds).latencyMs;
  if (firstError) out.firstError = String(firstError).slice(0, 300);
  return out;
}

/** `count` puts of ~1 KiB values through etcd's HTTP/JSON gateway (POST /v3/kv/put). */
async function etcdPut({ url, prefix, count, concurrency = 16 }) {
  const c = createClient({ url, maxSockets: concurrency });
  const out = await closedLoop(concurrency, count, async (_, i) => {
    const key = Buffer.from(`${prefix}${i}`).toString('base64');
    // The same bytes an mk8s ConfigMap of this size holds, as a JSON document.
    const value = Buffer.from(JSON.stringify(configMap('bench', `cm-${i}`, i))).toString('base64');
    const r = await c.send('POST', '/v3/kv/put', { key, value });
    return r.status === 200 || `HTTP ${r.status} ${r.body.slice(0, 200)}`;
  });
  c.close();
  return out;
}

export { payload };
