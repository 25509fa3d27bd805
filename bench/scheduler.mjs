/**
 * Scheduler at scale on simulated nodes (issue 4): `mk8s server --disable-agent`, N Nodes
 * registered through the API by simulated kubelets (bench/lib/sim-kubelet.mjs: one process,
 * no runtime, no containers: Nodes Ready with allocatable cpu 4 / memory 16Gi / pods 110,
 * Leases renewed in bulk every 10 s, bound pods turned Running+Ready by a status patch).
 *  1. P pods (cpu 10m, memory 16Mi requests, no nodeName) POSTed over 16 keep-alive
 *     connections from a separate process; a watch times each one's binding. Figures: pods/s
 *     bound (first create → last bound), create → bound p50/p99, server RSS.
 *  2. A Deployment of R replicas: POST → status.availableReplicas = R, with the simulated
 *     kubelets reporting its pods Running and Ready.
 * Targets: ≥ 1,000 pods/s, p99 ≤ 1 s, RSS ≤ 500 MiB at the end, Deployment ≤ 10 s.
 *   node bench/scheduler.mjs [--quick] [--nodes=1000] [--pods=10000] [--replicas=1000] [--markScheduled]
 * --quick: 100 nodes, 1,000 pods, 100 replicas. --markScheduled: the kubelets also mark the
 * pods of step 1 Running (their status writes then load the server while it schedules).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { createClient, ensureNamespace } from './lib/client.mjs';
import { openJsonWatch } from './lib/json-watch.mjs';
import { cpuMeter, rssMiB } from './lib/proc.mjs';
import { percentile, report, round } from './lib/report.mjs';
import { removeDir, startMk8s, tempDir } from './lib/server.mjs';

const opts = parseArgs();
const num = (name, full, quick) => (typeof opts[name] === 'number' ? opts[name] : opts.quick ? quick : full);
const nodes = num('nodes', 1000, 100);
const pods = num('pods', 10_000, 1000);
const replicas = num('replicas', 1000, 100);
const markScheduled = opts.markScheduled === true;
const concurrency = 16;
const PODS_NS = 'bench-sched';
const DEPLOY_NS = 'bench-deploy';
const IMAGE = 'mk8s.local/busybox:latest';
const requests = { cpu: '10m', memory: '16Mi' };

/** A forked helper answering { id, op } messages (sim-kubelet.mjs, pod-creator.mjs). */
function helper(file) {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let nextId = 1;
  child.on('message', (m) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(new Error(`${file}: ${m.error}`));
    else w?.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`${file} exited (${code})`));
    waiting.clear();
  });
  return {
    pid: child.pid,
    call: (op, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, op, ...params });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ op: 'exit' });
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

const dir = tempDir('scheduler');
let server;
let kubelets;
let creator;
let podWatch;
let deployWatch;
let admin;
const figures = {};
const notes = [];
try {
  server = await startMk8s({ dataDir: dir });
  const target = { url: server.url, ca: server.ca, token: server.token };
  admin = createClient(server);
  await ensureNamespace(admin, PODS_NS);
  await ensureNamespace(admin, DEPLOY_NS);
  figures.serverIdleRssMiB = round(rssMiB(server.pid));

  kubelets = helper('./lib/sim-kubelet.mjs');
  const reg = await kubelets.call('start', { server: target, nodes, prefix: 'sim-', renewMs: 10_000 });
  figures.registerNodesMs = reg.registerMs;
  figures.rssAfterNodesMiB = round(rssMiB(server.pid));
  if (markScheduled) await kubelets.call('mark', { namespace: PODS_NS });

  // 1. Pods through the scheduler: a watch stamps each binding as it arrives.
  const boundAt = new Map();
  const boundTo = new Map();
  podWatch = openJsonWatch(server, `/api/v1/namespaces/${PODS_NS}/pods?watch=1`, (ev, at) => {
    const o = ev.object;
    if (o.spec?.nodeName && !boundAt.has(o.metadata.name)) {
      boundAt.set(o.metadata.name, performance.timeOrigin + at);
      boundTo.set(o.metadata.name, o.spec.nodeName);
    }
  });
  if ((await podWatch.opened) !== 200) throw podWatch.error ?? new Error('pod watch failed');
  const progress = setInterval(() => process.stderr.write(`scheduler bench: ${boundAt.size}/${pods} pods bound, server RSS ${round(rssMiB(server.pid))} MiB\n`), 10_000);
  creator = helper('./lib/pod-creator.mjs');
  const cpu = cpuMeter(server.pid);
  const created = await creator.call('create', { server: target, namespace: PODS_NS, prefix: 'p-', count: pods, concurrency, image: IMAGE, requests });
  if (created.errors) notes.push(`${created.errors} creates failed, first: ${created.firstError}`);
  process.stderr.write(`scheduler bench: ${pods} creates done in ${round(created.seconds, 1)} s, ${boundAt.size} bound so far\n`);
  await podWatch.until(() => boundAt.size >= pods - created.errors, 600_000, `${pods - created.errors} pods bound`).catch((err) => {
    throw new Error(`${err.message} (${boundAt.size} bound)`);
  }).finally(() => clearInterval(progress));
  figures.schedulePhaseServer = cpu.stop();
  figures.serverCpuMsPerPod = round((figures.schedulePhaseServer.cpuSeconds * 1000) / pods, 2);
  const latencies = [];
  let lastBound = 0;
  for (const [name, sentAt] of Object.entries(created.sentAt)) {
    const b = boundAt.get(name);
    latencies.push(b - sentAt);
    if (b > lastBound) lastBound = b;
  }
  latencies.sort((a, b) => a - b);
  const windowS = (lastBound - created.firstSentAt) / 1000;
  figures.podsScheduledPerSecond = Math.round((pods - created.errors) / windowS);
  figures.createsPerSecond = created.perSecond;
  figures.createErrors = created.errors;
  figures.createToBoundP50Ms = round(percentile(latencies, 50));
  figures.createToBoundP99Ms = round(percentile(latencies, 99));
  figures.createToBoundMaxMs = round(latencies[latencies.length - 1]);
  figures.scheduleWindowSeconds = round(windowS, 2);
  const perNode = new Map();
  for (const n of boundTo.values()) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  const counts = [...perNode.values()].sort((a, b) => a - b);
  figures.nodesUsed = perNode.size;
  figures.podsPerNode = { min: counts[0], median: percentile(counts, 50), max: counts[counts.length - 1] };
  figures.rssAfterPodsMiB = round(rssMiB(server.pid));

  // 2. A Deployment, available once the simulated kubelets report its pods Ready.
  await kubelets.call('mark', { namespace: DEPLOY_NS });
  let available = 0;
  let observed = false;
  deployWatch = openJsonWatch(server, `/apis/apps/v1/namespaces/${DEPLOY_NS}/deployments?watch=1`, (ev) => {
    const s = ev.object.status ?? {};
    available = s.availableReplicas ?? 0;
    observed = (s.observedGeneration ?? 0) >= ev.object.metadata.generation && (s.updatedReplicas ?? 0) === replicas;
  });
  if ((await deployWatch.opened) !== 200) throw deployWatch.error ?? new Error('deployment watch failed');
  const dcpu = cpuMeter(server.pid);
  const d0 = performance.now();
  const r = await admin.send('POST', `/apis/apps/v1/namespaces/${DEPLOY_NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace: DEPLOY_NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'bench' } },
      template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'main', image: IMAGE, command: ['sleep', '3600'], resources: { requests } }] } },
    },
  });
  if (r.status !== 201) throw new Error(`create deployment: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  const avail = await deployWatch.until(() => available >= replicas && observed, 300_000, `deployment ${replicas}/${replicas} available`).catch((err) => {
    throw new Error(`${err.message} (${available} available)`);
  });
  figures.deploymentAvailableMs = round(avail - d0);
  figures.deploymentPhaseServer = dcpu.stop();
  figures.deploymentServerCpuMsPerReplica = round((figures.deploymentPhaseServer.cpuSeconds * 1000) / replicas, 2);
  figures.kubelets = await kubelets.call('stats');
  figures.serverRssEndMiB = round(rssMiB(server.pid));

  notes.push(
    `nodes: ${nodes} simulated by one process of plain API clients (bench/lib/sim-kubelet.mjs): Node POST + status patch (Ready, cpu 4, memory 16Gi, pods 110), a Lease each, renewed in bulk (PUT, 4 at a time) every 10 s; not startAgent/FakeRuntime instances`,
    `pods: POSTed by a separate process over ${concurrency} keep-alive connections as fast as the server answers (closed loop); bound time = arrival of the first watch event with spec.nodeName; latency = that − the POST's send time (both on performance.timeOrigin + now())`,
    `podsScheduledPerSecond = pods / (last bound − first POST sent); creation and scheduling share the server's one thread, so this is the combined rate`,
    markScheduled ? 'step 1: the simulated kubelets also marked those pods Running (status patches during scheduling)' : 'step 1: pods stay bound and Pending (no kubelet status writes, as in kube-scheduler\'s scheduler_perf); --markScheduled adds them',
    'deployment: POST → a watch event with status.availableReplicas = replicas and updatedReplicas = replicas at the current generation; kubelets patch each bound pod to Running + Ready (8 at a time)',
    'client processes and the server share this machine (2 cores): see machine.loadAvg; serverCpuMsPerPod (server CPU for create + schedule + bind + watch fan-out, per pod) is the figure least skewed by other load: 1000 / it is the ceiling in pods/s on one free core',
  );
} finally {
  podWatch?.close();
  deployWatch?.close();
  admin?.close();
  await creator?.stop();
  await kubelets?.stop();
  await server?.stop();
  removeDir(dir);
}

report('scheduler', {
  params: { nodes, pods, replicas, concurrency, markScheduled, podRequests: requests },
  figures,
  targets: {
    scheduled: { figure: 'podsScheduledPerSecond', min: 1000, unit: ' pods/s' },
    boundP99: { figure: 'createToBoundP99Ms', max: 1000, unit: ' ms' },
    rss: { figure: 'serverRssEndMiB', max: 500, unit: ' MiB' },
    deployment: { figure: 'deploymentAvailableMs', max: 10_000, unit: ' ms' },
  },
  notes,
});
