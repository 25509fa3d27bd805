/**
 * Simulated kubelets for N nodes, in one process of their own (run with fork(); messages
 * { id, op, ...params } answered with { id, result } or { id, error }). No runtime and no
 * containers: it registers Nodes (Ready, allocatable cpu/memory/pods), creates their Leases in
 * kube-node-lease and renews them all every `renewMs`, and, for the namespaces it is told to
 * mark, turns every pod bound to one of its nodes Running and Ready with one status merge
 * patch, as an agent would once its containers started.
 *   op 'start'  { server, nodes, prefix, renewMs }  → { registerMs }
 *   op 'mark'   { namespace }                        → watches that namespace's pods
 *   op 'stats'                                       → { marked, statusErrors, renewals, renewErrors }
 *   op 'exit'
 */
import { Agent, request } from 'node:https';

let server;
let agent;
let nodeNames = new Set();
const leases = new Map();
const stats = { marked: 0, statusErrors: 0, renewals: 0, renewErrors: 0, firstError: undefined };
const watches = [];
let renewTimer;

function send(method, path, body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Authorization: `Bearer ${server.token}`, Accept: 'application/json' };
    if (payload !== undefined) Object.assign(headers, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
    const req = request({ host: '127.0.0.1', port: new URL(server.url).port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function must(method, path, body, ok, contentType) {
  const r = await send(method, path, body, contentType);
  if (!ok.includes(r.status)) throw new Error(`${method} ${path}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

/** Runs `fn(item)` over `items`, `concurrency` at a time. */
async function pool(items, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const micro = () => new Date().toISOString().replace('Z', '000Z');

function nodeBody(name, i) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'mk8s.bench/simulated': 'true' } },
    spec: { podCIDR: `10.${64 + Math.floor(i / 256)}.${i % 256}.0/24` },
  };
}

function nodeStatus(name, i) {
  const t = now();
  const capacity = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  const cond = (type, status, reason) => ({ type, status, reason, message: reason, lastHeartbeatTime: t, lastTransitionTime: t });
  return {
    capacity,
    allocatable: capacity,
    conditions: [cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory'), cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure'), cond('PIDPressure', 'False', 'KubeletHasSufficientPID'), cond('Ready', 'True', 'KubeletReady')],
    addresses: [{ type: 'InternalIP', address: `192.0.2.${i % 250}` }, { type: 'Hostname', address: name }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { kubeletVersion: 'v1.32.0+mk8s-sim', containerRuntimeVersion: 'fake://0', kernelVersion: 'sim', osImage: 'simulated', operatingSystem: 'linux', architecture: 'amd64', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '' },
  };
}

async function start({ server: s, nodes, prefix = 'sim-', renewMs = 10_000, concurrency = 16 }) {
  server = s;
  agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: server.ca });
  const t0 = performance.now();
  const names = Array.from({ length: nodes }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  nodeNames = new Set(names);
  await pool(names.map((n, i) => [n, i]), concurrency, async ([name, i]) => {
    await must('POST', '/api/v1/nodes', nodeBody(name, i), [201]);
    await must('PATCH', `/api/v1/nodes/${name}/status`, { status: nodeStatus(name, i) }, [200], 'application/merge-patch+json');
    const lease = await must('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() },
    }, [201]);
    leases.set(name, lease);
  });
  const registerMs = performance.now() - t0;
  const renewAll = async () => {
    // In bulk, 4 at a time: a node's lease is a PUT of the last copy with a new renewTime.
    await pool([...leases.keys()], 4, async (name) => {
      const lease = leases.get(name);
      lease.spec.renewTime = micro();
      const r = await send('PUT', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, lease).catch((e) => ({ status: 0, body: String(e) }));
      if (r.status === 200) {
        leases.set(name, JSON.parse(r.body));
        stats.renewals++;
      } else {
        stats.renewErrors++;
        stats.firstError ??= `lease ${name}: HTTP ${r.status} ${r.body.slice(0, 200)}`;
        if (r.status === 409) {
          const cur = await send('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`).catch(() => undefined);
          if (cur?.status === 200) leases.set(name, JSON.parse(cur.body));
        }
      }
    });
    renewTimer = setTimeout(renewAll, renewMs);
  };
  renewTimer = setTimeout(renewAll, renewMs);
  return { registerMs: Math.round(registerMs) };
}

/** Watches `namespace`'s pods; each one bound to a simulated node and not yet Running gets Running + Ready. */
function mark({ namespace, concurrency = 8 }) {
  let opened;
  const answered = new Promise((r) => (opened = r));
  const queue = [];
  const done = new Set();
  let active = 0;
  const pump = () => {
    while (active < concurrency && queue.length) {
      const pod = queue.shift();
      active++;
      writeRunning(pod).finally(() => {
        active--;
        pump();
      });
    }
  };
  const writeRunning = async (pod) => {
    const t = now();
    const c = (type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t });
    const ip = `10.${64 + (stats.marked >> 16)}.${(stats.marked >> 8) & 255}.${stats.marked & 255}`;
    const status = {
      phase: 'Running',
      conditions: [c('PodReadyToStartContainers'), c('Initialized'), c('Ready'), c('ContainersReady'), c('PodScheduled')],
      hostIP: '192.0.2.1',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: t,
      containerStatuses: pod.spec.containers.map((k) => ({ name: k.name, image: k.image, imageID: 'fake', containerID: `fake://${pod.metadata.uid}-${k.name}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: t } }, lastState: {} })),
    };
    const r = await send('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { status }, 'application/merge-patch+json').catch((e) => ({ status: 0, body: String(e) }));
    if (r.status === 200) stats.marked++;
    else if (r.status !== 404) {
      stats.statusErrors++;
      stats.firstError ??= `pod status ${pod.metadata.name}: HTTP ${r.status} ${r.body.slice(0, 200)}`;
      done.delete(pod.metadata.uid);
    }
  };
  const req = request({ host: '127.0.0.1', port: new URL(server.url).port, path: `/api/v1/namespaces/${namespace}/pods?watch=1`, ca: server.ca, agent: false, headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' } }, (res) => {
    opened(res.statusCode);
    res.setEncoding('utf8');
    let rest = '';
    res.on('data', (chunk) => {
      const text = rest + chunk;
      let start = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
        const line = text.slice(start, i);
        start = i + 1;
        if (!line.trim()) continue;
        const ev = JSON.parse(line);
        const pod = ev.object;
        if (ev.type === 'DELETED' || ev.type === 'ERROR' || pod.metadata.deletionTimestamp) continue;
        if (!nodeNames.has(pod.spec?.nodeName) || pod.status?.phase === 'Running' || done.has(pod.metadata.uid)) continue;
        done.add(pod.metadata.uid);
        queue.push(pod);
      }
      rest = text.slice(start);
      pump();
    });
  });
  req.on('error', (err) => {
    stats.firstError ??= `watch ${namespace}: ${err.message}`;
    opened(0);
  });
  req.end();
  watches.push(req);
  return answered.then((status) => {
    if (status !== 200) throw new Error(`watch of pods in ${namespace}: HTTP ${status}`);
    return { watching: namespace };
  });
}

const ops = { start, mark, stats: () => ({ ...stats }) };
process.on('message', async (msg) => {
  if (msg.op === 'exit') {
    clearTimeout(renewTimer);
    for (const w of watches) w.destroy();
    agent?.destroy();
    process.exit(0);
  }
  try {
    process.send({ id: msg.id, result: await ops[msg.op](msg) });
  } catch (err) {
    process.send({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
