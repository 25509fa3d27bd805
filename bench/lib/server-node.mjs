import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from './proc.mjs';
import { BIN, ROOT, probe } from './server.mjs';

/**
 * Starts `mk8s server` WITH its agent (unless `extraArgs` says otherwise) on loopback:
 * `--data-dir`, a free `--https-listen-port` and `--kubelet-port`, plus `extraArgs`; resolves
 * once /readyz answers 200 (the Node may not be Ready yet: wait for it with a watch).
 * `nodeArgs`: options for node itself, before the entry (e.g. `--heapsnapshot-signal=SIGUSR2`);
 * BENCH_NODE_ARGS (space-separated) adds more, for experiments; BENCH_SERVER_STDOUT=FILE keeps
 * the server's standard output there (e.g. with BENCH_NODE_ARGS=--trace-gc).
 */
export async function startMk8sNode({ dataDir, extraArgs = [], nodeArgs = [], timeoutMs = 60_000, logLevel = 'warn' }) {
  const port = await freePort();
  const kubeletPort = await freePort();
  const kubeconfig = join(dataDir, 'bench-kubeconfig.yaml');
  const extraNodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  const args = [...nodeArgs, ...extraNodeArgs, BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), '--kubelet-port', String(kubeletPort), '--bind-address', '127.0.0.1', '--write-kubeconfig', kubeconfig, '--log-level', logLevel, ...extraArgs];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MK8S_') && !k.startsWith('BENCH_')));
  const t0 = performance.now();
  const out = process.env.BENCH_SERVER_STDOUT ? openSync(process.env.BENCH_SERVER_STDOUT, 'w') : 'ignore';
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  let exited = null;
  const exit = new Promise((res) => child.on('exit', (code, signal) => res((exited = { code, signal }))));
  for (;;) {
    if (exited) throw new Error(`mk8s server exited before ready (code ${exited.code}, signal ${exited.signal}): ${stderr}`);
    if ((await probe(port)) === 200) break;
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`mk8s server not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  return {
    pid: child.pid,
    port,
    kubeletPort,
    url: `https://127.0.0.1:${port}`,
    ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
    token: kc.users[0].user.token,
    readyMs: performance.now() - t0,
    dataDir,
    stderr: () => stderr,
    get exited() {
      return exited;
    },
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
