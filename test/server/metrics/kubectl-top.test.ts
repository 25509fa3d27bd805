import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createMetricsHandler, metricsApiGroup } from '../../../src/server/metrics/index.js';
import { testPki } from '../../agent/streaming/helpers/pki.js';
import { fakeSource } from './fake-source.js';

const TOKEN = 'top-test-token';
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
const pki = await testPki();
const metrics = createMetricsHandler(fakeSource);
const seen: string[] = [];

const node = (name: string) => ({ kind: 'Node', apiVersion: 'v1', metadata: { name, labels: { zone: name === 'n1' ? 'a' : 'b' } }, status: { allocatable: { cpu: '4', memory: '8Gi' }, capacity: { cpu: '4', memory: '8Gi' } } });
const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The core API a kubectl top needs (version, discovery, nodes, pods) plus the real metrics handler. */
async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://x');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  seen.push(`${req.method} ${url.pathname}${url.search}`);
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
  if (await metrics(req, res, path, url.searchParams)) return;
  if (path === '/version') return json(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.0+mk8s', platform: 'linux/amd64' });
  if (path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
  if (path === '/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [metricsApiGroup()] });
  if (path === '/api/v1') {
    return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [
      { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] },
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
    ] });
  }
  if (path === '/api/v1/nodes') return json(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [node('n1'), node('n2')].filter((n) => !url.searchParams.get('labelSelector') || url.searchParams.get('labelSelector') === `zone=${n.metadata.labels.zone}`) });
  if (path.startsWith('/api/v1/nodes/')) return json(res, 200, node(path.split('/').pop()!));
  if (/^\/api\/v1\/(namespaces\/[^/]+\/)?pods$/.test(path)) return json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
  json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` });
}

const server = createServer({ cert: pki.certPem, key: pki.keyPem }, (req, res) => {
  serve(req, res).catch((err) => json(res, 500, { message: String(err) }));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const dir = await mkdtemp(join(tmpdir(), 'mk8s-top-'));
const kubeconfig = join(dir, 'kubeconfig');
await writeFile(kubeconfig, JSON.stringify({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
  clusters: [{ name: 'test', cluster: { server: `https://127.0.0.1:${(server.address() as { port: number }).port}`, 'certificate-authority-data': Buffer.from(pki.caPem).toString('base64') } }],
  users: [{ name: 'admin', user: { token: TOKEN } }],
  contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin', namespace: 'default' } }],
}));
t.teardown(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

function kubectl(minor: number, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(`${KUBECTL_DIR}/kubectl.1.${minor}`, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, `cache-${minor}`), ...args], { env: { ...process.env, HOME: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const rows = (text: string) => text.trim().split('\n').map((l) => l.trim().split(/\s+/));

for (const minor of [27, 33]) {
  t.test(`kubectl 1.${minor} top nodes`, async (t) => {
    const run = await kubectl(minor, ['top', 'nodes']);
    t.equal(run.code, 0, run.stderr);
    const [head, ...body] = rows(run.stdout);
    t.same(head.slice(0, 2), ['NAME', 'CPU(cores)']);
    t.same(body.map((r) => r.slice(0, 3)), [['n1', '250m', '6%'], ['n2', '1m', '0%']]);
    t.equal(body[0][3], '512Mi');
    const one = await kubectl(minor, ['top', 'node', 'n2']);
    t.equal(one.code, 0, one.stderr);
    t.match(one.stdout, /n2\s+1m/);
    const selected = await kubectl(minor, ['top', 'nodes', '-l', 'zone=b']);
    t.equal(selected.code, 0, selected.stderr);
    t.same(rows(selected.stdout).slice(1).map((r) => r[0]), ['n2']);
  });

  t.test(`kubectl 1.${minor} top pods`, async (t) => {
    const run = await kubectl(minor, ['top', 'pods']);
    t.equal(run.code, 0, run.stderr);
    const [head, ...body] = rows(run.stdout);
    t.same(head, ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    t.same(body, [['db-1', '0m', '0Mi'], ['web-1', '1500m', '120Mi']]);
    const all = await kubectl(minor, ['top', 'pods', '-A', '-l', 'app=dns', '--containers']);
    t.equal(all.code, 0, all.stderr);
    t.match(all.stdout, /kube-system\s+dns\s+c\s+3m\s+1Mi/);
    const one = await kubectl(minor, ['top', 'pod', 'web-1']);
    t.equal(one.code, 0, one.stderr);
    t.match(one.stdout, /web-1\s+1500m\s+120Mi/);
  });
}

t.test('kubectl asked the metrics API', async (t) => {
  t.ok(seen.some((s) => s.startsWith('GET /apis/metrics.k8s.io/v1beta1/nodes')));
  t.ok(seen.some((s) => s.startsWith('GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods')));
});
