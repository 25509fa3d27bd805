import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { parseRequestInfo } from '../../../../src/server/http/request-info.js';
import { createStreamingProxy } from '../../../../src/server/streaming/index.js';
import type { TestAgent, Teardown } from '../../../agent/streaming/helpers/start-agent.js';

export const ADMIN_TOKEN = 'admin-test-token';
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

export interface Harness {
  port: number;
  kubeconfig: string;
  /** Runs `kubectl.<minor>`; resolves when it exits. The process is stopped in teardown if still running. */
  kubectl(minor: number, args: string[], options?: { input?: string; env?: Record<string, string> }): KubectlRun;
}

export interface KubectlRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number>;
}

const user = { name: 'admin', groups: ['system:masters'] };

/**
 * Just enough of the API for kubectl's logs/exec/attach/port-forward (version, discovery, GET
 * pod), with the streaming subresources going through the real streaming proxy to `agent`.
 */
export async function startHarness(t: Teardown, agent: TestAgent): Promise<Harness> {
  const proxy = createStreamingProxy({
    resolveNode: (ns, pod) => (agent.pods.has(`${ns}/${pod}`) ? { host: '127.0.0.1', port: agent.server.port, ca: agent.pki.caPem, token: agent.token } : undefined),
    authenticate: (req) => (req.headers.authorization === `Bearer ${ADMIN_TOKEN}` ? user : undefined),
  });
  const sockets = new Set<Duplex>();
  const server = createServer({ cert: agent.pki.certPem, key: agent.pki.keyPem }, (req, res) => {
    serve(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  server.on('connection', (s: Duplex) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void proxy.handleUpgrade(req, socket, head).then((handled) => handled || socket.destroy());
  });
  const json = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return json(res, 401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    const url = new URL(req.url ?? '/', 'https://x');
    const p = url.pathname;
    if (p === '/version') return json(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.0+mk8s', platform: 'linux/amd64' });
    if (p === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (p === '/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (p === '/api/v1') {
      const r = (name: string, kind: string, verbs: string[]) => ({ name, singularName: '', namespaced: true, kind, verbs });
      return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [
        { ...r('pods', 'Pod', ['get', 'list']), shortNames: ['po'], singularName: 'pod' },
        r('pods/log', 'Pod', ['get']), r('pods/exec', 'PodExecOptions', ['create', 'get']),
        r('pods/attach', 'PodAttachOptions', ['create', 'get']), r('pods/portforward', 'PodPortForwardOptions', ['create', 'get']),
      ] });
    }
    const info = parseRequestInfo(req.method ?? 'GET', p, url.searchParams);
    if (info.resource === 'pods' && info.namespace && info.name) {
      const containers = agent.pods.get(`${info.namespace}/${info.name}`);
      if (info.subresource) {
        if (await proxy(req, res, info, user)) return;
        return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `pods "${info.name}" not found` });
      }
      if (!containers) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `pods "${info.name}" not found`, details: { name: info.name, kind: 'pods' } });
      return json(res, 200, {
        kind: 'Pod', apiVersion: 'v1',
        metadata: { name: info.name, namespace: info.namespace, uid: `uid-${info.name}`, resourceVersion: '1' },
        spec: { containers: [...containers.keys()].map((name) => ({ name, image: 'busybox', ports: [{ containerPort: agent.echoPort, name: 'echo' }] })), nodeName: 'n1' },
        status: { phase: 'Running', podIP: '127.0.0.1', containerStatuses: [...containers.keys()].map((name) => ({ name, ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: {} } })) },
      });
    }
    json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const dir = await mkdtemp(join(tmpdir(), 'mk8s-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
    clusters: [{ name: 'test', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': Buffer.from(agent.pki.caPem).toString('base64') } }],
    users: [{ name: 'admin', user: { token: ADMIN_TOKEN } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin', namespace: 'default' } }],
  }));
  const running = new Set<ChildProcess>();
  t.teardown(async () => {
    for (const child of running) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });
  return {
    port,
    kubeconfig,
    kubectl(minor, args, options = {}) {
      const child = spawn(`${KUBECTL_DIR}/kubectl.1.${minor}`, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, `cache-${minor}`), ...args], {
        env: { ...process.env, HOME: dir, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      running.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c) => (stdout += c));
      child.stderr!.on('data', (c) => (stderr += c));
      child.stdin!.on('error', () => {});
      if (options.input !== undefined) child.stdin!.end(options.input);
      const exit = new Promise<number>((resolve) => child.on('close', (code) => {
        running.delete(child);
        resolve(code ?? -1);
      }));
      return { child, stdout: () => stdout, stderr: () => stderr, exit };
    },
  };
}
