/**
 * Memory of a node agent per running pod (issue 3): `mk8s server --disable-agent` and a
 * separate `mk8s agent` joined to it over HTTPS on this host, as on a second machine (embedded
 * containerd; the test image put in `<agent data dir>/agent/images/` before start). The agent's
 * own process is measured, apart from the API server's caches of the same pods.
 * Figures:
 *  - the agent's RSS idle (Node Ready, image imported, no pod);
 *  - with `--start` busybox pods running (`sleep 3600`, spec.nodeName set), `--top − --start`
 *    more are started in `--steps` equal batches, up to the node's capacity of 110 pods; once a
 *    batch all run, the agent's RSS (and the server's) is sampled at that running count;
 *  - the marginal cost per running pod: the least-squares slope of RSS over running pods through
 *    those points, and what it can resolve (largest residual / half the span of running counts).
 * Target: ≤ 200 KiB more agent RSS per running pod, taken only when the slope resolves it.
 *   node bench/agent-memory.mjs [--quick] [--start=10] [--top=110] [--steps=4] [--settle=10000]
 *     [--samples=11]
 * Needs root, containerd, runc, the CNI plugins and busybox-static (see ENVIRONMENT.md).
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from './lib/args.mjs';
import { createClient, ensureNamespace } from './lib/client.mjs';
import { openJsonWatch } from './lib/json-watch.mjs';
import { IMAGE, ctr, killTasks, marginalPerPod, settledRss, shimsOf, sleepPod, tasksGone, watchPods } from './lib/pods.mjs';
import { rssMiB } from './lib/proc.mjs';
import { report, round } from './lib/report.mjs';
import { ROOT, removeDir, tempDir } from './lib/server.mjs';
import { cleanupNode, startMk8sAgent, startMk8sNode } from './lib/server-node.mjs';

const run = promisify(execFile);
const opts = parseArgs();
const num = (name, full, quick) => (typeof opts[name] === 'number' ? opts[name] : opts.quick ? quick : full);
const start = num('start', 10, 5);
const top = num('top', 110, 25);
const steps = Math.max(1, num('steps', 4, 2));
const settleMs = num('settle', 10_000, 3000);
const samples = Math.max(1, num('samples', 11, 5));
const PER_POD_TARGET_KIB = 200;
const NODE = 'bench-agent';
const NS = 'bench';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const progress = (what) => process.stderr.write(`agent-memory: ${what}\n`);
if (!(top > start && start >= 1)) throw new Error(`--start=${start} --top=${top}: expected 1 ≤ start < top`);

const serverDir = tempDir('agent-memory-server');
const agentDir = tempDir('agent-memory-agent');
const socket = join(agentDir, 'agent/containerd/containerd.sock');
const figures = {};
const notes = [];
const rssSamples = {};
const runningAt = new Map();
const gone = new Set();
const live = new Set();
let server;
let agent;
let admin;
let watch;
try {
  mkdirSync(join(agentDir, 'agent/images'), { recursive: true });
  await run(process.execPath, [join(ROOT, 'scripts/build-test-image.mjs'), join(agentDir, 'agent/images/busybox.tar')], { cwd: ROOT });
  server = await startMk8sNode({ dataDir: serverDir, extraArgs: ['--disable-agent'] });
  admin = createClient(server);
  agent = await startMk8sAgent({ server, dataDir: agentDir, nodeName: NODE });

  let nodeReady = false;
  const nodeWatch = openJsonWatch(server, `/api/v1/nodes?watch=1&fieldSelector=metadata.name%3D${NODE}`, (ev) => {
    nodeReady = (ev.object.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  });
  await nodeWatch.until(() => nodeReady || agent.exited, 90_000, `node ${NODE} Ready`);
  nodeWatch.close();
  if (agent.exited) throw new Error(`mk8s agent exited (${JSON.stringify(agent.exited)}): ${agent.stderr()}`);
  const deadline = performance.now() + 60_000;
  while (!(await ctr(socket, 'mk8s', 'images', 'ls', '-q')).stdout.includes(IMAGE)) {
    if (performance.now() > deadline) throw new Error(`image ${IMAGE} not imported by the agent within 60 s`);
    await sleep(100);
  }

  progress(`node ${NODE} Ready, image imported`);
  await ensureNamespace(admin, NS);
  watch = await watchPods(server, NS, { runningAt, live, gone });

  const sample = async (label) => {
    const a = await settledRss(agent.pid, { settleMs, samples });
    rssSamples[label] = a;
    return { agentMiB: round(a.medianMiB), serverMiB: round(server.exited ? NaN : rssMiB(server.pid)) };
  };
  progress('pod watch open; sampling the idle RSS');
  const idle = await sample('idle');
  figures.agentIdleRssMiB = idle.agentMiB;
  figures.serverIdleRssMiB = idle.serverMiB;

  // The running counts: start, then `steps` equal batches up to top, each created at once.
  const counts = [start, ...Array.from({ length: steps }, (_, i) => Math.round(start + ((top - start) * (i + 1)) / steps))];
  const curve = [];
  const names = [];
  for (const count of counts) {
    const batch = Array.from({ length: count - names.length }, (_, i) => `pod-${names.length + i}`);
    names.push(...batch);
    const s0 = performance.now();
    await Promise.all(
      batch.map(async (n) => {
        const r = await admin.send('POST', `/api/v1/namespaces/${NS}/pods`, sleepPod(n, NS, NODE));
        if (r.status !== 201) throw new Error(`create pod ${n}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
      }),
    );
    await watch.until(() => batch.every((n) => runningAt.has(n)), 180_000, `${batch.length} pods Running (${count} in all)`);
    const batchAllRunningMs = round(Math.max(...batch.map((n) => runningAt.get(n))) - s0);
    const s = await sample(`running-${count}`);
    progress(`${count} pods running: agent ${s.agentMiB} MiB, server ${s.serverMiB} MiB`);
    curve.push({ pods: count, rssMiB: s.agentMiB, serverRssMiB: s.serverMiB, batchAllRunningMs });
  }
  figures.rssByRunningPods = curve;

  const agentFit = marginalPerPod(curve);
  figures.agentPerRunningPodKiB = agentFit.perPodKiB;
  figures.agentMarginalFitMaxResidualMiB = agentFit.maxResidualMiB;
  figures.agentMarginalUncertaintyKiB = agentFit.uncertaintyKiB;
  figures.agentPerRunningPodResolvedKiB = agentFit.uncertaintyKiB <= PER_POD_TARGET_KIB ? agentFit.perPodKiB : null;
  if (figures.agentPerRunningPodResolvedKiB === null) {
    notes.push(`per-pod agent RSS unresolved in this run: the slope (${agentFit.perPodKiB} KiB) is uncertain by about ${agentFit.uncertaintyKiB} KiB per pod (largest residual ${agentFit.maxResidualMiB} MiB), more than the ${PER_POD_TARGET_KIB} KiB target: see rssSamples`);
  }
  const last = curve[curve.length - 1];
  figures.agentPerRunningPodUpperBoundKiB = round(((last.rssMiB - figures.agentIdleRssMiB) * 1024) / last.pods);
  const serverFit = marginalPerPod(curve.map((c) => ({ pods: c.pods, rssMiB: c.serverRssMiB })));
  figures.serverPerRunningPodKiB = serverFit.perPodKiB;
  figures.serverMarginalUncertaintyKiB = serverFit.uncertaintyKiB;
  figures.rssSamples = rssSamples;

  notes.push(
    `agent: a separate \`mk8s agent\` process joined over HTTPS to \`mk8s server --disable-agent\` on this host; its RSS is what is measured (containerd and the shims are separate processes, not counted)`,
    `RSS: each agent figure is the median of ${samples} samples 1 s apart after ${settleMs} ms of settling (all samples and the anon/file split in rssSamples); the server's is one sample taken right after`,
    `per running pod (target, agentPerRunningPodResolvedKiB): the least-squares slope of the agent's RSS over the running counts ${counts.join(', ')} (each batch created at once, sampled once it all runs); taken only when agentMarginalUncertaintyKiB = largest residual / half the span of running counts is ≤ ${PER_POD_TARGET_KIB} KiB, else null (missed)`,
    `reported, not targets: agentPerRunningPodUpperBoundKiB = (RSS at ${last.pods} pods − idle RSS) / ${last.pods}, which includes one-time warm-up (JIT, lazily loaded code); serverPerRunningPodKiB, the API server's own slope over the same points (its caches of the pods), not the agent's`,
  );
} finally {
  if (agent?.exited) process.stderr.write(`agent-memory: the agent exited during the run (${JSON.stringify(agent.exited)}); its last output:\n${agent.stderr()}\n`);
  if (server?.exited) process.stderr.write(`agent-memory: the server exited during the run (${JSON.stringify(server.exited)}); its last output:\n${server.stderr()}\n`);
  // Delete the pods while the agent runs (it stops their containers), then stop it.
  if (server && !server.exited && admin && watch && !watch.error && live.size) {
    const left = [...live];
    await Promise.all(left.map((n) => admin.send('DELETE', `/api/v1/namespaces/${NS}/pods/${n}`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 }).catch(() => undefined)));
    await watch.until(() => left.every((n) => gone.has(n)), 120_000, 'pods deleted').catch((err) => notes.push(`cleanup: ${err.message}`));
  }
  watch?.close();
  admin?.close();
  // The agent removes the containers of deleted pods; anything it did not finish is killed.
  if (agent && !agent.exited) {
    const left = await tasksGone(socket, 'mk8s', 60_000)
      .then((ms) => (ms === null ? killTasks(socket, ['mk8s']) : 0))
      .catch((err) => (notes.push(`cleanup: ${err.message}`), 0));
    if (left) notes.push(`cleanup: ${left} containerd task(s) still there 60 s after their pods were deleted: killed`);
  }
  if (agent) await agent.stop();
  if (agent) {
    const shims = shimsOf(socket);
    if (shims.length) notes.push(`cleanup: ${shims.length} shim(s) still alive after the agent stopped: killed (pids ${shims.join(', ')})`);
    for (const pid of shims) process.kill(pid, 'SIGKILL');
    // The node's network outlives its agent by design (pods keep running): remove mk8s's
    // iptables chains, routes, DNS address and the pod bridge this run made.
    await cleanupNode(agentDir).catch((err) => notes.push(`cleanup: mk8s agent --cleanup: ${err.message}`));
  }
  if (server) await server.stop();
  removeDir(agentDir);
  removeDir(serverDir);
}

report('agent-memory', {
  params: { start, top, steps, settleMs, samples, image: IMAGE, command: 'sleep 3600' },
  figures,
  targets: {
    perPodRss: { figure: 'agentPerRunningPodResolvedKiB', max: PER_POD_TARGET_KIB, unit: ' KiB' },
  },
  notes,
});
