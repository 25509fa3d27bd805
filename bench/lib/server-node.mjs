import { execFile, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from './proc.mjs';
import { promisify } from 'node:util';
import { BIN, ROOT, mk8sEnv, probe } from './server.mjs';

/**
 * Spawns `node [nodeArgs] bin/mk8s ARGS` with none of the caller's MK8S_* or BENCH_* variables.
 * BENCH_NODE_ARGS (space-separated) adds node options, for experiments; BENCH_SERVER_STDOUT=FILE
 * keeps the standard output there (e.g. with BENCH_NODE_ARGS=--trace-gc; a second process
 * started in the same run writes FILE.2, and so on).
 */
let spawned = 0;
function spawnMk8s(args, nodeArgs) {
  const extraNodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  const env = mk8sEnv();
  const outFile = process.env.BENCH_SERVER_STDOUT ? `${process.env.BENCH_SERVER_STDOUT}${spawned ? `.${spawned + 1}` : ''}` : undefined;
  spawned++;
  const child = spawn(process.execPath, [...nodeArgs, ...extraNodeArgs, BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', outFile ? openSync(outFile, 'w') : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  let exited = null;
  const exit = new Promise((res) => child.on('exit', (code, signal) => res((exited = { code, signal }))));
  return {
    pid: child.pid,
    stderr: () => stderr,
    get exited() {
      return exited;
    },
    kill: (signal) => child.kill(signal),
    /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
    async stop(graceMs = 20_000) {
      if (exited) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const r = await exit;
      clearTimeout(t);
      return r;
    },
  };
}

/**
 * Starts `mk8s server` WITH its agent (unless `extraArgs` says otherwise) on loopback:
 * `--data-dir`, a free `--https-listen-port` and `--kubelet-port`, plus `extraArgs`; resolves
 * once /readyz answers 200 (the Node may not be Ready yet: wait for it with a watch).
 * `nodeArgs`: options for node itself, before the entry (e.g. `--heapsnapshot-signal=SIGUSR2`).
 */
export async function startMk8sNode({ dataDir, extraArgs = [], nodeArgs = [], timeoutMs = 60_000, logLevel = 'warn' }) {
  const port = await freePort();
  const kubeletPort = await freePort();
  const kubeconfig = join(dataDir, 'bench-kubeconfig.yaml');
  const t0 = performance.now();
  const proc = spawnMk8s(['server', '--data-dir', dataDir, '--https-listen-port', String(port), '--kubelet-port', String(kubeletPort), '--bind-address', '127.0.0.1', '--write-kubeconfig', kubeconfig, '--log-level', logLevel, ...extraArgs], nodeArgs);
  for (;;) {
    if (proc.exited) throw new Error(`mk8s server exited before ready (code ${proc.exited.code}, signal ${proc.exited.signal}): ${proc.stderr()}`);
    if ((await probe(port)) === 200) break;
    if (performance.now() - t0 > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`mk8s server not ready after ${timeoutMs} ms: ${proc.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  return Object.assign(proc, {
    port,
    kubeletPort,
    url: `https://127.0.0.1:${port}`,
    ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
    token: kc.users[0].user.token,
    readyMs: performance.now() - t0,
    dataDir,
  });
}

/**
 * `mk8s agent --cleanup --data-dir DATADIR`: removes the node network a run made (mk8s's
 * iptables chains, routes, DNS address and the pod bridge), which outlives its agent by design.
 */
export function cleanupNode(dataDir) {
  return promisify(execFile)(process.execPath, [BIN, 'agent', '--cleanup', '--data-dir', dataDir], { cwd: ROOT, env: mk8sEnv(), timeout: 60_000 });
}

/**
 * Starts `mk8s agent` joining `server` (one started by startMk8sNode, whose cluster token is
 * read from its data dir) with `--data-dir`, `--node-name`, `--node-ip 127.0.0.1`, a free
 * `--kubelet-port`, plus `extraArgs`. Resolves at once: wait for its Node with a watch.
 */
export async function startMk8sAgent({ server, dataDir, nodeName, extraArgs = [], nodeArgs = [], logLevel = 'warn' }) {
  const token = readFileSync(join(server.dataDir, 'server/token'), 'utf8').trim();
  const kubeletPort = await freePort();
  const proc = spawnMk8s(['agent', '--server', server.url, '--token', token, '--data-dir', dataDir, '--node-name', nodeName, '--node-ip', '127.0.0.1', '--kubelet-port', String(kubeletPort), '--log-level', logLevel, ...extraArgs], nodeArgs);
  return Object.assign(proc, { kubeletPort, dataDir });
}
