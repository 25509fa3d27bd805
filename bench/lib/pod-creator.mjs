/**
 * Creates pods in its own process (fork(); { id, op: 'create', ... } → { id, result }): `count`
 * pods `${prefix}${i}` POSTed over `concurrency` keep-alive connections, closed loop. Returns
 * each pod's send time as performance.timeOrigin + performance.now() (comparable across
 * processes on this machine), the creates/s and the errors.
 */
import { createClient } from './client.mjs';

async function create({ server, namespace, prefix, count, concurrency = 16, image, requests }) {
  const c = createClient({ ...server, maxSockets: concurrency });
  await c.send('GET', '/readyz');
  const path = `/api/v1/namespaces/${namespace}/pods`;
  const sentAt = {};
  let next = 0;
  let errors = 0;
  let firstError;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const name = `${prefix}${next++}`;
        const body = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace, labels: { app: 'sched-bench' } },
          spec: { containers: [{ name: 'main', image, command: ['sleep', '3600'], resources: { requests } }] },
        };
        sentAt[name] = performance.timeOrigin + performance.now();
        const r = await c.send('POST', path, body).catch((e) => ({ status: 0, body: String(e) }));
        if (r.status !== 201) {
          errors++;
          firstError ??= `${name}: HTTP ${r.status} ${r.body.slice(0, 200)}`;
          delete sentAt[name];
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  c.close();
  return { sentAt, firstSentAt: performance.timeOrigin + t0, errors, firstError, seconds, perSecond: Math.round((count - errors) / seconds) };
}

process.on('message', async (msg) => {
  if (msg.op === 'exit') process.exit(0);
  try {
    process.send({ id: msg.id, result: await { create }[msg.op](msg) });
  } catch (err) {
    process.send({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
