import { ensureNamespace } from './client.mjs';
import { TEST_IMAGE } from './netns-cluster.mjs';
import { runProcess, waitUntil } from './node-cleanup.mjs';

/** POSTs `body` to `path`; throws with the API's answer unless 201. */
export async function create(admin, path, body) {
  const r = await admin.send('POST', path, body);
  if (r.status !== 201) throw new Error(`POST ${path} ${body.metadata?.name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

export async function getJson(admin, path) {
  const r = await admin.send('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

/**
 * A busybox httpd pod on port 8080 serving /www: `index.html` ("ok"), `ready` (its readiness
 * probe's path when `readiness` is 'file'), and CGI scripts `/cgi-bin/down` and `/cgi-bin/up`
 * that remove and recreate `ready`. Placed on `nodeName` directly (no scheduler in between).
 */
export function httpdPod(name, nodeName, labels, { readiness = 'tcp' } = {}) {
  const cgi = (action) => `printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\n${action}\\necho done\\n'`;
  const script = [
    'mkdir -p /www/cgi-bin',
    'echo ok > /www/index.html',
    'echo ok > /www/ready',
    `${cgi('rm -f /www/ready')} > /www/cgi-bin/down`,
    `${cgi('echo ok > /www/ready')} > /www/cgi-bin/up`,
    'chmod +x /www/cgi-bin/down /www/cgi-bin/up',
    'exec httpd -f -p 8080 -h /www',
  ].join(' && ');
  const probe = readiness === 'file'
    ? { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, failureThreshold: 1, successThreshold: 1, timeoutSeconds: 1 }
    : { tcpSocket: { port: 8080 }, periodSeconds: 1 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'httpd', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: probe }],
    },
  };
}

/** A pod that only sleeps: its network namespace is where a load client runs. */
export function sleeperPod(name, nodeName) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench-client' } },
    spec: { nodeName, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '86400'] }] },
  };
}

export function clusterIpService(name, selector, port = 80, targetPort = 8080) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ name: 'http', port, targetPort }] } };
}

/** Creates namespace `ns` and the objects in it, one after another. */
export async function createAll(admin, ns, { pods = [], services = [] }) {
  await ensureNamespace(admin, ns);
  for (const p of pods) await create(admin, `/api/v1/namespaces/${ns}/pods`, p);
  for (const s of services) await create(admin, `/api/v1/namespaces/${ns}/services`, s);
}

function isReady(pod) {
  return pod.status?.phase === 'Running' && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Waits until every pod named is Running and Ready; returns them by name. */
export async function waitPodsReady(admin, ns, names, ms = 180_000) {
  let pods = {};
  const ok = await waitUntil(async () => {
    const list = await getJson(admin, `/api/v1/namespaces/${ns}/pods`);
    pods = Object.fromEntries(list.items.map((p) => [p.metadata.name, p]));
    return names.every((n) => pods[n] && isReady(pods[n]));
  }, ms, 200);
  if (!ok) throw new Error(`pods not Ready within ${ms} ms: ${names.map((n) => `${n}: ${JSON.stringify(pods[n]?.status ?? 'missing').slice(0, 400)}`).join('; ')}`);
  return pods;
}

/** Deletes every pod of `ns` (grace 0) and waits until they are gone, so the agents stop their containers. */
export async function deletePods(admin, ns, ms = 60_000) {
  const list = await getJson(admin, `/api/v1/namespaces/${ns}/pods`).catch(() => ({ items: [] }));
  await Promise.all(list.items.map((p) => admin.send('DELETE', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 })));
  return waitUntil(async () => (await getJson(admin, `/api/v1/namespaces/${ns}/pods`)).items.length === 0, ms, 200);
}

/** `iptables-save -t nat` inside a node's network namespace. */
export async function natRules(node) {
  const r = await runProcess(...node.command('iptables-save', ['-t', 'nat']), { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`iptables-save -t nat in ${node.netns}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Waits until `check(natRules)` holds on every node. */
export async function waitRules(nodes, check, what, ms = 60_000) {
  for (const node of nodes) {
    let last = '';
    const ok = await waitUntil(async () => check((last = await natRules(node))), ms, 100);
    if (!ok) throw new Error(`${node.name}: ${what} not programmed within ${ms} ms (${last.split('\n').length} nat lines)`);
  }
}
