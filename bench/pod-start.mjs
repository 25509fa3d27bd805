/**
 * Pod start on a real node (issue 3): `mk8s server` with its agent and embedded containerd,
 * the test image put in `<data-dir>/agent/images/` before start. Figures:
 *  - create → Running (seen on a watch) of N single busybox pods (`sleep 3600`,
 *    imagePullPolicy IfNotPresent, image present) created one after another, with
 *    `spec.nodeName` set (the agent alone: the targets) and, as a second series, left unset
 *    (through the scheduler);
 *  - a burst of 50 pods (nodeName set) created at once: first create → all Running;
 *  - a raw `ctr run --rm` of the same image on the same containerd (median of 10), and ratios;
 *  - RSS: the server with its agent idle vs a `--disable-agent` server (started separately);
 *    per running pod, reported: with the burst running, `--more` (default: as many as the
 *    burst) pods more are started in `--steps` equal batches and the RSS is sampled at each
 *    running count; the slope of a least-squares line through (running pods, RSS). This is the
 *    whole process, the API server's caches of the pods included; the target of ≤ 200 KiB per
 *    running pod is the agent's own, measured by bench/agent-memory.mjs.
 * Targets: p50 ≤ 250 ms, p99 ≤ 1 s, burst ≤ 10 s, agent ≤ 30 MiB.
 *   node bench/pod-start.mjs [--quick] [--singles=20] [--burst=50] [--more=50] [--steps=4]
 *     [--ctrRuns=10] [--settle=10000] [--samples=11] [--heapSnapshots=DIR]
 * --heapSnapshots=DIR: the server runs with --heapsnapshot-signal and writes a V8 heap snapshot
 * into DIR after each RSS sample (idle, no pod after the singles, each running count); compare
 * them with `node bench/lib/heap-diff.mjs A B`. A snapshot runs a full GC and allocates: the
 * RSS figures of such a run are not comparable with a plain run's.
 * Needs root, containerd, runc, the CNI plugins and busybox-static (see ENVIRONMENT.md).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from './lib/args.mjs';
import { createClient, ensureNamespace } from './lib/client.mjs';
import { openJsonWatch } from './lib/json-watch.mjs';
import { IMAGE, ctr, killTasks, marginalPerPod, settledRss as settle, shimsOf, sleepPod, tasksGone, watchPods } from './lib/pods.mjs';
import { median, percentile, report, round } from './lib/report.mjs';
import { ROOT, probe, removeDir, startMk8s, tempDir } from './lib/server.mjs';
import { cleanupNode, startMk8sNode } from './lib/server-node.mjs';

const run = promisify(execFile);
const opts = parseArgs();
const num = (name, full, quick) => (typeof opts[name] === 'number' ? opts[name] : opts.quick ? quick : full);
const singles = num('singles', 20, 5);
const burst = num('burst', 50, 10);
const ctrRuns = num('ctrRuns', 10, 5);
const more = num('more', burst, burst);
const steps = Math.max(1, num('steps', 4, 2));
// Long enough for V8's memory reducer to act once allocation calms down after a batch of starts
// (it waits some 8 s): the RSS of pods running, not of the churn of starting them.
const settleMs = num('settle', 10_000, 3000);
const samples = Math.max(1, num('samples', 11, 5));
const heapDir = typeof opts.heapSnapshots === 'string' ? opts.heapSnapshots : undefined;
const NODE = 'bench-node';
const NS = 'bench';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * RSS after `settleMs`: the median of `samples` samples 1 s apart (spanning as many pod syncs
 * and the GCs between them), every sample kept in `rssSamples`.
 */
const rssSamples = {};
async function settledRss(pid, label) {
  const r = await settle(pid, { settleMs, samples });
  const { medianMiB, ...rest } = r;
  if (label) rssSamples[label] = rest;
  return medianMiB;
}

/** With --heapSnapshots: has the server write a heap snapshot now, saved as DIR/<label>.heapsnapshot. */
async function heapSnapshot(srv, label) {
  if (!heapDir) return;
  const before = new Set(readdirSync(heapDir));
  process.kill(srv.pid, 'SIGUSR2');
  const deadline = performance.now() + 120_000;
  let file;
  // The snapshot is written on the server's main thread: once the file exists, an answer to
  // /readyz means it is complete.
  while (!(file = readdirSync(heapDir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot')))) {
    if (performance.now() > deadline) throw new Error(`heap snapshot ${label}: no file within 120 s`);
    await sleep(50);
  }
  while ((await probe(srv.port)) !== 200) {
    if (performance.now() > deadline) throw new Error(`heap snapshot ${label}: server busy for 120 s`);
    await sleep(50);
  }
  renameSync(join(heapDir, file), join(heapDir, `${label}.heapsnapshot`));
}

const dir = tempDir('pod-start');
const plainDir = tempDir('pod-start-plain');
let server;
let watch;
let admin;
let socket;
const notes = [];
const figures = {};
const runningAt = new Map();
const gone = new Set();
const live = new Set();
try {
  // The --disable-agent server first, alone, for the RSS baseline.
  const plain = await startMk8s({ dataDir: plainDir });
  figures.noAgentServerIdleRssMiB = round(await settledRss(plain.pid, 'noAgentIdle'));
  await plain.stop();

  const imageTar = join(dir, 'agent/images/busybox.tar');
  mkdirSync(join(dir, 'agent/images'), { recursive: true });
  await run(process.execPath, [join(ROOT, 'scripts/build-test-image.mjs'), imageTar], { cwd: ROOT });
  socket = join(dir, 'agent/containerd/containerd.sock');

  // --node-ip 127.0.0.1: the server reaches the agent on loopback only. The pod network is the default (bridge mk8s0, 10.42.0.0/24).
  if (heapDir) mkdirSync(heapDir, { recursive: true });
  const nodeArgs = heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : [];
  server = await startMk8sNode({ dataDir: dir, nodeArgs, extraArgs: ['--node-name', NODE, '--node-ip', '127.0.0.1'] });
  admin = createClient(server);
  const t0 = performance.now();

  let nodeReady = false;
  const nodeWatch = openJsonWatch(server, `/api/v1/nodes?watch=1&fieldSelector=metadata.name%3D${NODE}`, (ev) => {
    nodeReady = (ev.object.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  });
  await nodeWatch.until(() => nodeReady, 90_000, `node ${NODE} Ready`);
  nodeWatch.close();
  figures.serverStartToNodeReadyMs = round(server.readyMs + performance.now() - t0);

  // The image must be in place (imported by the agent at start) before any pod is timed.
  const deadline = performance.now() + 60_000;
  while (!(await ctr(socket, 'mk8s', 'images', 'ls', '-q')).stdout.includes(IMAGE)) {
    if (performance.now() > deadline) throw new Error(`image ${IMAGE} not imported by the agent within 60 s`);
    await sleep(100);
  }

  await ensureNamespace(admin, NS);
  watch = await watchPods(server, NS, { runningAt, live, gone });
  figures.agentServerIdleRssMiB = round(await settledRss(server.pid, 'idle'));
  await heapSnapshot(server, 'idle');
  figures.agentRssOverServerMiB = round(figures.agentServerIdleRssMiB - figures.noAgentServerIdleRssMiB);

  // The floor: a raw short-lived ctr run of the same image on the same containerd, in this run,
  // before any pod (the agent polls containerd for each running pod, which would load it).
  await ctr(socket, 'bench', 'images', 'import', join(dir, 'agent/images/busybox.tar'));
  const ctrMs = [];
  for (let i = 0; i < ctrRuns; i++) {
    const id = `bench-ctr-${process.pid}-${i}`;
    const s = performance.now();
    await ctr(socket, 'bench', 'run', '--rm', IMAGE, id, 'true');
    ctrMs.push(performance.now() - s);
  }
  figures.ctrRunMedianMs = round(median(ctrMs));
  figures.ctrRunMs = ctrMs.map((v) => round(v));

  const create = async (name, nodeName) => {
    const r = await admin.send('POST', `/api/v1/namespaces/${NS}/pods`, sleepPod(name, NS, nodeName));
    if (r.status !== 201) throw new Error(`create pod ${name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  };
  const deleteAll = async (names) => {
    await Promise.all(
      names.map(async (n) => {
        const r = await admin.send('DELETE', `/api/v1/namespaces/${NS}/pods/${n}`);
        if (r.status !== 200 && r.status !== 202 && r.status !== 404) throw new Error(`delete pod ${n}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
      }),
    );
    await watch.until(() => names.every((n) => gone.has(n)), 120_000, `${names.length} pods deleted`);
  };

  // Singles, one after another: nodeName set (the agent alone), then through the scheduler.
  const series = {};
  for (const [label, nodeName] of [['nodeNameSet', NODE], ['scheduled', undefined]]) {
    const ms = [];
    const names = [];
    for (let i = 0; i < singles; i++) {
      const name = `single-${label.toLowerCase()}-${i}`;
      names.push(name);
      const s = performance.now();
      await create(name, nodeName);
      const at = await watch.until(() => runningAt.has(name), 60_000, `pod ${name} Running`);
      ms.push(runningAt.get(name) - s);
      void at;
    }
    ms.sort((a, b) => a - b);
    series[label] = { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(ms[ms.length - 1]), all: ms.map((v) => round(v)) };
    await deleteAll(names);
  }
  figures.singleP50Ms = series.nodeNameSet.p50;
  figures.singleP99Ms = series.nodeNameSet.p99;
  figures.singleScheduledP50Ms = series.scheduled.p50;
  figures.singleScheduledP99Ms = series.scheduled.p99;
  figures.singles = series;

  // RSS with no pod (after the singles warmed everything up), then a burst of pods at once.
  figures.rssZeroPodsMiB = round(await settledRss(server.pid, 'zeroPodsAfterSingles'));
  await heapSnapshot(server, 'running-0');
  const burstNames = Array.from({ length: burst }, (_, i) => `burst-${i}`);
  const b0 = performance.now();
  await Promise.all(burstNames.map((n) => create(n, NODE)));
  const createdAll = performance.now();
  const allRunning = await watch.until(() => burstNames.every((n) => runningAt.has(n)), 120_000, `${burst} burst pods Running`);
  figures.burstAllRunningMs = round(allRunning - b0);
  figures.burstCreateCallsMs = round(createdAll - b0);
  const burstMs = burstNames.map((n) => runningAt.get(n) - b0).sort((a, b) => a - b);
  figures.burstPodRunningMs = { p50: round(percentile(burstMs, 50)), p99: round(percentile(burstMs, 99)) };
  figures.rssWithBurstPodsMiB = round(await settledRss(server.pid, `running-${burst}`));
  await heapSnapshot(server, `running-${burst}`);
  // The marginal cost: `more` pods more, in `steps` batches (each created at once, like the
  // burst), the RSS sampled at each running count once all of the batch run.
  const curve = [{ pods: burst, rssMiB: figures.rssWithBurstPodsMiB }];
  const moreNames = [];
  for (let step = 0; step < steps; step++) {
    const names = Array.from({ length: Math.round((more * (step + 1)) / steps) - Math.round((more * step) / steps) }, (_, i) => `more-${moreNames.length + i}`);
    moreNames.push(...names);
    const s0 = performance.now();
    await Promise.all(names.map((n) => create(n, NODE)));
    await watch.until(() => names.every((n) => runningAt.has(n)), 120_000, `${names.length} more pods Running`);
    const batchRunning = Math.max(...names.map((n) => runningAt.get(n)));
    const pods = burst + moreNames.length;
    curve.push({ pods, rssMiB: round(await settledRss(server.pid, `running-${pods}`)), batchAllRunningMs: round(batchRunning - s0) });
    await heapSnapshot(server, `running-${pods}`);
  }
  figures.rssByRunningPods = curve;
  const last = curve[curve.length - 1];
  // Reported: the marginal cost per running pod of the whole process (agent and API server),
  // the slope over the running counts from the burst on (the process is warm there: JIT,
  // modules, heap sized for the churn of a burst), and what it can resolve.
  const fit = marginalPerPod(curve);
  figures.rssPerRunningPodMarginalKiB = fit.perPodKiB;
  figures.rssMarginalFitMaxResidualMiB = fit.maxResidualMiB;
  figures.rssMarginalUncertaintyKiB = fit.uncertaintyKiB;
  // Reported too: against the RSS with no pod after the singles (warm, but V8 may not have
  // shrunk its heap after their churn yet: can even come out negative), and against the idle RSS
  // before any pod (includes all the one-time warm-up: an upper bound).
  figures.rssPerRunningPodAfterWarmupKiB = round(((figures.rssWithBurstPodsMiB - figures.rssZeroPodsMiB) * 1024) / burst);
  figures.rssPerRunningPodKiB = round(((figures.rssWithBurstPodsMiB - figures.agentServerIdleRssMiB) * 1024) / burst);
  figures.rssPerRunningPodUpperBoundAtMaxKiB = round(((last.rssMiB - figures.agentServerIdleRssMiB) * 1024) / last.pods);
  figures.rssWarmupMiB = round(figures.rssWithBurstPodsMiB - figures.agentServerIdleRssMiB - (figures.rssPerRunningPodMarginalKiB * burst) / 1024);
  figures.rssSamples = rssSamples;

  figures.singleP50OverCtr = round(figures.singleP50Ms / figures.ctrRunMedianMs, 2);
  figures.singleP99OverCtr = round(figures.singleP99Ms / figures.ctrRunMedianMs, 2);
  figures.singleScheduledP50OverCtr = round(figures.singleScheduledP50Ms / figures.ctrRunMedianMs, 2);
  figures.burstOverCtr = round(figures.burstAllRunningMs / (figures.ctrRunMedianMs * burst), 2);

  await deleteAll([...burstNames, ...moreNames]);
  // The pods are gone from the API: how long until their containers are gone from containerd too?
  const goneMs = await tasksGone(socket, 'mk8s', 30_000);
  figures.podsGoneToTasksGoneMs = goneMs === null ? null : round(goneMs);
  if (goneMs === null) notes.push('containerd task(s) of deleted pods still running 30 s after their pods left the API');
  notes.push(
    'singles: each series keeps its pods running until it ends, so pod i starts with i pods already running on the node',
    'singles: created one after another, each timed from just before its POST to the first watch event with status.phase Running; targets use the nodeName-set series (the agent alone); "scheduled" leaves spec.nodeName unset',
    `burst: ${burst} pods with spec.nodeName set POSTed at once (16 keep-alive connections), timed to the last one Running`,
    'burstOverCtr: burst time / (ctr median × burst size), i.e. against running them one after another with ctr',
    `RSS: each figure is the median of ${samples} samples 1 s apart after ${settleMs} ms of settling (all samples and the anon/file split in rssSamples); agent RSS = idle server with agent − idle --disable-agent server (containerd and shims are separate processes, not counted)`,
    `RSS per running pod of the whole process, reported (the agent's own target is in bench/agent-memory.mjs, a separate agent process): with the ${burst} of the burst running, ${more} more pods are started in ${steps} batch(es) and the RSS sampled at each running count (rssByRunningPods); rssPerRunningPodMarginalKiB is the least-squares slope through those ${steps + 1} points, rssMarginalFitMaxResidualMiB the largest distance of a point from that line (a V8 heap growth step between points shows there), rssMarginalUncertaintyKiB = largest residual / (half the span of running counts), what the slope can resolve. The server keeps V8's default young generation, which grows and shrinks by tens of MiB with the load. One-time costs (JIT, lazily loaded code, V8 heap growth after the churn of the singles and the burst) are in rssWarmupMiB = RSS with the burst − idle RSS − burst × marginal`,
    `RSS per running pod, reported, not targets: rssPerRunningPodKiB = (RSS with the burst running − idle RSS before any pod) / ${burst}, an upper bound that includes all the warm-up; rssPerRunningPodUpperBoundAtMaxKiB the same at the highest running count; rssPerRunningPodAfterWarmupKiB = (RSS with the burst − RSS with no pod after the singles) / ${burst} (at the mercy of when V8 shrinks its heap after the singles' churn)`,
    ...(heapDir ? [`heap snapshots in ${heapDir}: each one runs a full GC and allocates, so this run's RSS figures after the first snapshot are not comparable with a plain run's`] : []),
    'ctr: `ctr -a <agent socket> -n bench run --rm mk8s.local/busybox:latest <id> true`, image imported into the bench namespace first',
  );
} finally {
  if (server && !server.exited) {
    // Pods left by a failed run: delete them and wait (the agent stops their containers).
    if (admin && watch && !watch.error && live.size) {
      const left = [...live];
      await Promise.all(left.map((n) => admin.send('DELETE', `/api/v1/namespaces/${NS}/pods/${n}`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 }).catch(() => undefined)));
      await watch.until(() => left.every((n) => gone.has(n)), 60_000, 'leftover pods deleted').catch((err) => notes.push(`cleanup: ${err.message}`));
    }
    // Anything still running under this containerd (a pod the agent did not finish, the ctr runs).
    if (socket) {
      const killed = await killTasks(socket, ['mk8s', 'bench']).catch((err) => (notes.push(`cleanup: ${err.message}`), 0));
      if (killed) process.stderr.write(`pod-start: cleanup killed ${killed} leftover task(s)\n`);
    }
  }
  if (server?.exited) process.stderr.write(`pod-start: the server exited during the run (${JSON.stringify(server.exited)}); its last output:\n${server.stderr()}\n`);
  watch?.close();
  admin?.close();
  if (server) await server.stop();
  if (socket) {
    const shims = shimsOf(socket);
    if (shims.length) notes.push(`cleanup: ${shims.length} shim(s) of the test containerd still alive after stop: killed (pids ${shims.join(', ')})`);
    for (const pid of shims) process.kill(pid, 'SIGKILL');
  }
  // The node's network outlives its server by design (pods keep running): remove mk8s's iptables
  // chains, routes, DNS address and the pod bridge this run made.
  if (server) {
    await cleanupNode(dir).catch((err) => notes.push(`cleanup: mk8s agent --cleanup: ${err.message}`));
  }
  removeDir(dir);
  removeDir(plainDir);
}

report('pod-start', {
  params: { singles, burst, more, steps, ctrRuns, settleMs, samples, heapSnapshots: heapDir ?? null, image: IMAGE, imagePullPolicy: 'IfNotPresent', command: 'sleep 3600' },
  figures,
  targets: {
    singleP50: { figure: 'singleP50Ms', max: 250, unit: ' ms' },
    singleP99: { figure: 'singleP99Ms', max: 1000, unit: ' ms' },
    burst: { figure: 'burstAllRunningMs', max: 10_000, unit: ' ms' },
    agentRss: { figure: 'agentRssOverServerMiB', max: 30, unit: ' MiB' },
  },
  notes,
});
