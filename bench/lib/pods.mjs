import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { openJsonWatch } from './json-watch.mjs';
import { rssMiB, rssPartsMiB } from './proc.mjs';
import { median, round } from './report.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The test image every pod bench runs (scripts/build-test-image.mjs). */
export const IMAGE = 'mk8s.local/busybox:latest';

/** A busybox pod that sleeps, with `spec.nodeName` set when given. */
export function sleepPod(name, namespace, nodeName) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'pod-bench' } },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
    },
  };
}

/**
 * Opens a watch on the pods of namespace `ns` that records, by pod name, when each was first
 * seen Running (`runningAt`, performance.now()), which exist (`live`) and which were deleted
 * (`gone`); resolves with the watch (openJsonWatch's) once the server answered 200.
 */
export async function watchPods(server, ns, { runningAt, live, gone }) {
  const watch = openJsonWatch(server, `/api/v1/namespaces/${ns}/pods?watch=1`, (ev, at) => {
    const name = ev.object.metadata.name;
    if (ev.type === 'DELETED') {
      gone.add(name);
      live.delete(name);
      return;
    }
    live.add(name);
    if (ev.object.status?.phase === 'Running' && !runningAt.has(name)) runningAt.set(name, at);
  });
  if ((await watch.opened) !== 200) {
    watch.close();
    throw watch.error ?? new Error('pod watch failed');
  }
  return watch;
}

/** `ctr -a SOCKET -n NS ARGS...`. */
export function ctr(socket, ns, ...args) {
  return run('ctr', ['-a', socket, '-n', ns, ...args], { timeout: 60_000, maxBuffer: 16 << 20 });
}

/**
 * The RSS of `pid` once settled: after `settleMs`, `samples` samples 1 s apart (spanning many
 * pod syncs and the GCs between them). Resolves with { medianMiB, samplesMiB, anonMiB, fileMiB }.
 */
export async function settledRss(pid, { settleMs, samples }) {
  await sleep(settleMs);
  const all = [];
  for (let i = 0; i < samples; i++) {
    all.push(rssMiB(pid));
    if (i < samples - 1) await sleep(1000);
  }
  const parts = rssPartsMiB(pid);
  return { medianMiB: median(all), samplesMiB: all.map((v) => round(v, 2)), anonMiB: round(parts.anon), fileMiB: round(parts.file) };
}

/**
 * The least-squares line of RSS (MiB) over running pods through `points` ({ pods, rssMiB }),
 * per pod in KiB, with what it can resolve: a point off the line by the largest residual moves
 * the slope by about residual / (half the span of running counts), `uncertaintyKiB`.
 */
export function marginalPerPod(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.pods, 0) / n;
  const my = points.reduce((a, p) => a + p.rssMiB, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.pods - mx) * (p.rssMiB - my), 0);
  const sxx = points.reduce((a, p) => a + (p.pods - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const maxResidualMiB = Math.max(...points.map((p) => Math.abs(p.rssMiB - intercept - slope * p.pods)));
  const span = Math.max(...points.map((p) => p.pods)) - Math.min(...points.map((p) => p.pods));
  return { perPodKiB: round(slope * 1024), maxResidualMiB: round(maxResidualMiB, 2), uncertaintyKiB: round((maxResidualMiB * 1024) / (span / 2)) };
}

/**
 * Polls `ctr tasks ls` in containerd namespace `ns` until no task is left or `timeoutMs`
 * passed; resolves with the ms it took, or null when tasks were still there.
 */
export async function tasksGone(sock, ns, timeoutMs) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if ((await ctr(sock, ns, 'tasks', 'ls', '-q')).stdout.split('\n').filter(Boolean).length === 0) return performance.now() - t0;
    await sleep(100);
  }
  return null;
}

/** `ctr tasks kill` + delete of every task, and removal of every container, in `namespaces`; resolves with how many tasks were left. */
export async function killTasks(sock, namespaces) {
  let left = 0;
  for (const ns of namespaces) {
    const tasks = (await ctr(sock, ns, 'tasks', 'ls', '-q')).stdout.split('\n').filter(Boolean);
    left += tasks.length;
    for (const t of tasks) await ctr(sock, ns, 'tasks', 'kill', '-s', 'SIGKILL', t).catch(() => undefined);
    for (const t of tasks) {
      // Until deleted, or gone meanwhile (its pod's removal finished): a killed task takes a moment to stop.
      for (let i = 0; i < 50; i++) {
        const r = await ctr(sock, ns, 'tasks', 'delete', t).catch((e) => e);
        if (!(r instanceof Error) || /not found/i.test(String(r.stderr ?? r.message))) break;
        await sleep(100);
      }
    }
    const containers = (await ctr(sock, ns, 'containers', 'ls', '-q')).stdout.split('\n').filter(Boolean);
    for (const c of containers) await ctr(sock, ns, 'containers', 'delete', c).catch(() => undefined);
  }
  return left;
}

/** Pids of the containerd shims serving `sock` (matched by their `-address <sock>` argument). */
export function shimsOf(sock) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const i = argv.indexOf('-address');
    if (i >= 0 && argv[i + 1] === sock) out.push(Number(d));
  }
  return out;
}
