import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { freePort } from './proc.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/**
 * The command started: bin/mk8s, or BENCH_MK8S_BIN (a path, or "unbundled" for tsc's
 * dist/src through bench/lib/mk8s-unbundled.mjs).
 */
export const MK8S_ENTRY = process.env.BENCH_MK8S_BIN ?? 'bin/mk8s';
/** The mk8s entry the benchmarks run (bin/mk8s, BENCH_MK8S_BIN, or the unbundled tsc output). */
export const BIN = MK8S_ENTRY === 'unbundled' ? join(ROOT, 'bench/lib/mk8s-unbundled.mjs') : resolve(ROOT, MK8S_ENTRY);

/** The caller's environment without its MK8S_* variables (mk8s reads them as flags) or BENCH_* ones. */
export function mk8sEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MK8S_') && !k.startsWith('BENCH_')));
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `mk8s-bench-${prefix}-`));
}

/** One GET /readyz; resolves with the status code, or 0 when the connection fails. */
/** GET https://127.0.0.1:PORT/readyz without checking the certificate: the status code, 0 when nothing answers. */
export function probe(port) {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Starts `mk8s server --disable-agent` on loopback with `dataDir` and a free port, and
 * resolves once /readyz answers 200 (polled every `pollMs`). `readyMs` is spawn → first 200.
 * BENCH_CPU_PROF=DIR runs the server under `node --cpu-prof` writing into DIR; BENCH_NODE_ARGS
 * (space-separated) adds node options, for experiments.
 */
export async function startMk8s({ dataDir, port, pollMs = 5, timeoutMs = 30_000, logLevel = 'warn' } = {}) {
  port ??= await freePort();
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  if (process.env.BENCH_NODE_ARGS) nodeArgs.push(...process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean));
  const kubeconfig = join(dataDir, 'bench-kubeconfig.yaml');
  const args = [...nodeArgs, BIN, 'server', '--disable-agent', '--data-dir', dataDir, '--https-listen-port', String(port), '--bind-address', '127.0.0.1', '--write-kubeconfig', kubeconfig, '--log-level', logLevel];
  const t0 = performance.now();
  // The server reads MK8S_* variables as flags: pass none of the caller's.
  const env = mk8sEnv();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  let exited = null;
  const exit = new Promise((res) => child.on('exit', (code, signal) => res((exited = { code, signal }))));
  const deadline = t0 + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`mk8s server exited before ready (code ${exited.code}, signal ${exited.signal}): ${stderr}`);
    if ((await probe(port)) === 200) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mk8s server not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const readyMs = performance.now() - t0;
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = kc.users[0].user.token;
  return {
    pid: child.pid,
    port,
    url: `https://127.0.0.1:${port}`,
    ca,
    token,
    readyMs,
    dataDir,
    stderr: () => stderr,
    /** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
    async stop() {
      if (exited) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const r = await exit;
      clearTimeout(t);
      return r;
    },
  };
}

/** Removes a temp dir made by tempDir(). */
export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}
