import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import YAML from 'yaml';
import { MK8S_BIN, REPO_ROOT, assertBuilt, kubectlPath } from './paths.js';
import { freePort } from './free-port.js';
import { tempDir, type Teardown } from './temp-dir.js';
import { waitFor } from './wait-for.js';
import { runProcess, type RunResult } from './run-process.js';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { cleanNodeOnTeardown } from './node-cleanup.js';
import { installTestImage } from './test-image.js';

export interface KubectlOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

export interface Mk8sServer {
  url: string;
  dataDir: string;
  kubeconfig: string;
  port: number;
  pid: number;
  /** The admin bearer token from the kubeconfig. */
  token: string;
  /** The cluster CA (PEM) from the kubeconfig. */
  caPem: string;
  /** The Node name when started with its agent. */
  nodeName?: string;
  /** The agent endpoint port when started with its agent. */
  kubeletPort?: number;
  /** Everything the server printed so far (its log). */
  output(): string;
  /** SIGTERM, wait for exit (10 s), SIGKILL if needed. Idempotent. */
  stop(): Promise<void>;
  /** Sends a signal and waits for the process to end (e.g. SIGKILL to test durability). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Runs `/usr/lib/google-cloud-sdk/bin/kubectl.1.<v>` with this server's kubeconfig and a fresh --cache-dir. */
  kubectl(version: string, args: string[], options?: KubectlOptions): Promise<RunResult>;
  /** Runs `node bin/mk8s ARGS --kubeconfig <this server's kubeconfig>` (the flag is appended unless `kubeconfig: false`). */
  mk8s(args: string[], options?: KubectlOptions & { kubeconfig?: boolean }): Promise<RunResult>;
  /** One HTTPS request with the admin token (or `token`; null for none) checked against the cluster CA. */
  request(method: string, path: string, options?: { body?: string | Buffer; contentType?: string; accept?: string; token?: string | null }): Promise<HttpResult>;
}

export interface StartOptions {
  /** Reuse a data dir (e.g. to restart on it); the caller then owns its removal. */
  dataDir?: string;
  /** Listen on this port instead of a fresh free one. */
  port?: number;
  /** How long to wait for /readyz (default 20 s). */
  readyTimeoutMs?: number;
  /** `--bind-address` (default 127.0.0.1). */
  bindAddress?: string;
  /**
   * Run the server's own node agent (no --disable-agent): real containerd under the data dir, a
   * free `--kubelet-port`, the busybox test image in `<data-dir>/agent/images/` before start;
   * resolves once the Node is Ready. Its containers, netns and nat rules are removed at teardown
   * (cleanNode) when the helper created the data dir; with `dataDir` given, call cleanNodeOnTeardown.
   */
  agent?: boolean | AgentOptions;
}

export interface AgentOptions {
  /** `--node-name` (default: a fresh `e2e-<random>`). */
  nodeName?: string;
  kubeletPort?: number;
  /** How long to wait for the Node to be Ready (default 60 s). */
  readyTimeoutMs?: number;
}

/**
 * `node ARGS` without tap's loaders: tap's process-info hook re-adds its --import to NODE_OPTIONS
 * on every spawn, and its require hook breaks loading the extensionless ESM bin/mk8s, so the
 * child is started through `env -u NODE_OPTIONS` (which execs node: the pid is node's).
 */
function nodeCommand(args: string[]): [string, string[]] {
  return ['/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, ...args]];
}

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.KUBECONFIG;
  for (const k of Object.keys(env)) if (k.startsWith('MK8S_')) delete env[k];
  return { ...env, ...extra };
}

/** Runs `node bin/mk8s ARGS` (no kubeconfig added). */
export function runMk8s(args: string[], options: KubectlOptions = {}): Promise<RunResult> {
  assertBuilt();
  return runProcess(...nodeCommand([MK8S_BIN, ...args]), { stdin: options.stdin, env: cleanEnv(options.env), cwd: REPO_ROOT, timeoutMs: options.timeoutMs ?? 30_000 });
}

/** Reads the current context's `server`, `token` and CA out of a kubeconfig. */
export function readKubeconfig(path: string): { server: string; token: string; caPem: string } {
  const doc = YAML.parse(readFileSync(path, 'utf8'));
  const context = doc?.contexts?.find((c: any) => c.name === doc['current-context'])?.context ?? doc?.contexts?.[0]?.context;
  const cluster = (doc?.clusters?.find((c: any) => c.name === context?.cluster) ?? doc?.clusters?.[0])?.cluster;
  const user = (doc?.users?.find((u: any) => u.name === context?.user) ?? doc?.users?.[0])?.user;
  const server = cluster?.server;
  const token = user?.token;
  const ca = cluster?.['certificate-authority-data'];
  if (!server || !token || !ca) throw new Error(`${path}: no server, token or certificate-authority-data in ${JSON.stringify(doc)}`);
  return { server: String(server), token: String(token), caPem: Buffer.from(String(ca), 'base64').toString('utf8') };
}

/** One HTTPS request to a server whose CA is `caPem` (empty: certificate not checked, for /readyz before the kubeconfig exists). */
export function httpsRequest(url: string, caPem: string, method: string, options: { body?: string | Buffer; contentType?: string; accept?: string; token?: string | null } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { accept: options.accept ?? 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const tls = caPem ? { ca: caPem } : { rejectUnauthorized: false };
    const req = request(url, { method, ...tls, headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within 20 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Starts `node bin/mk8s server --data-dir <tmp> --https-listen-port <free> --disable-agent ARGS`
 * and resolves once /readyz answers ok; teardown stops it (SIGTERM, then SIGKILL) and removes the dir.
 */
export async function startMk8sServer(t: Teardown, extraArgs: string[] = [], options: StartOptions = {}): Promise<Mk8sServer> {
  assertBuilt();
  const dataDir = options.dataDir ?? tempDir(t, 'mk8s-e2e-server-');
  const agent = options.agent ? (options.agent === true ? {} : options.agent) : undefined;
  // Registered before the server's own stop: teardowns run last-registered first.
  if (agent && !options.dataDir) cleanNodeOnTeardown(t, dataDir);
  const port = options.port ?? (await freePort());
  const cacheDir = join(dataDir, `kubectl-cache-${process.pid}-${Date.now()}`);
  let agentArgs = ['--disable-agent'];
  let nodeName: string | undefined;
  let kubeletPort: number | undefined;
  if (agent) {
    nodeName = agent.nodeName ?? `e2e-${randomBytes(4).toString('hex')}`;
    kubeletPort = agent.kubeletPort ?? (await freePort());
    await installTestImage(dataDir);
    agentArgs = ['--node-name', nodeName, '--kubelet-port', String(kubeletPort)];
  }
  const args = [MK8S_BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), ...agentArgs, '--bind-address', options.bindAddress ?? '127.0.0.1', ...extraArgs];
  const child: ChildProcessWithoutNullStreams = spawn(...nodeCommand(args), { env: cleanEnv(), cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve();
    }),
  );
  const kill = async (signal: NodeJS.Signals) => {
    if (exitInfo) return;
    child.kill(signal);
    await exited;
  };
  const stop = async () => {
    if (exitInfo) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // tap runs teardowns last-registered first: the server stops before its data dir is removed.
  t.teardown(stop);

  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const url = `https://127.0.0.1:${port}`;
  const state = await waitFor(
    async () => {
      if (exitInfo) return 'exited';
      const res = await httpsRequest(`${url}/readyz`, '', 'GET', {}).catch(() => undefined);
      return res?.status === 200 && res.body.trim() === 'ok' ? 'ready' : undefined;
    },
    `mk8s server on ${url} to answer /readyz`,
    options.readyTimeoutMs ?? 20_000,
  ).catch((err) => {
    throw new Error(`${err.message}\nserver output: ${output}`);
  });
  if (state === 'exited') throw new Error(`mk8s server (${args.join(' ')}) exited before it was ready (${JSON.stringify(exitInfo)}); output: ${output}`);
  const kc = readKubeconfig(kubeconfig);
  if (agent && nodeName) {
    await waitFor(
      async () => {
        if (exitInfo) throw new Error(`mk8s server exited (${JSON.stringify(exitInfo)})`);
        const res = await httpsRequest(`${url}/api/v1/nodes/${nodeName}`, kc.caPem, 'GET', { token: kc.token });
        if (res.status !== 200) return undefined;
        const status = res.json().status;
        // After a restart the old Node is still Ready: also wait for this agent's endpoint in the
        // status and for it to accept connections.
        return (
          status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') &&
          status?.daemonEndpoints?.kubeletEndpoint?.Port === kubeletPort &&
          (await canConnect(kubeletPort!))
        );
      },
      `node ${nodeName} to be Ready with its agent endpoint on port ${kubeletPort}`,
      agent.readyTimeoutMs ?? 60_000,
      100,
    ).catch((err) => {
      throw new Error(`${err.message}\nserver output: ${output}`);
    });
  }
  return {
    nodeName,
    kubeletPort,
    url,
    dataDir,
    kubeconfig,
    port,
    pid: child.pid!,
    token: kc.token,
    caPem: kc.caPem,
    output: () => output,
    stop,
    kill,
    kubectl(version, kargs, kopts = {}) {
      return runProcess(kubectlPath(version), ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...kargs], {
        stdin: kopts.stdin,
        env: cleanEnv(kopts.env),
        timeoutMs: kopts.timeoutMs ?? 30_000,
      });
    },
    mk8s(margs, mopts = {}) {
      return runMk8s(mopts.kubeconfig === false ? margs : [...margs, '--kubeconfig', kubeconfig], mopts);
    },
    request(method, path, ropts = {}) {
      return httpsRequest(url + path, kc.caPem, method, { ...ropts, token: ropts.token === null ? undefined : (ropts.token ?? kc.token) });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}
