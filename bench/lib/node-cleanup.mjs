import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns } from './netns-lan.mjs';

/** Runs a program to completion: { code, stdout, stderr }; never rejects for a non-zero exit. */
export function runProcess(file, args, { stdin, timeoutMs = 30_000, env } = {}) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 << 20, env: env ?? process.env }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr || (err && !err.code ? err.message : '')) }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

/** Pids whose command line has `arg` as one of its arguments (read from /proc). */
export function pidsWithArg(arg) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return !/ Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^\d+ \(.*\)/, ''));
  } catch {
    return false;
  }
}

/** Resolves once `check()` is truthy, or with false after `ms` (polled every `intervalMs`). */
export async function waitUntil(check, ms, intervalMs = 50) {
  const deadline = performance.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the pid is gone. */
export async function killPid(pid, graceMs = 10_000) {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await waitUntil(() => !alive(pid), graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitUntil(() => !alive(pid), 5_000);
}

/**
 * What one node (the agent of `dataDir`, in network namespace `netns`) leaves behind once its
 * process stopped, removed as test/e2e/helpers/node-cleanup.ts does, through this node's own
 * containerd socket and state files only: its containerd (by pid), the tasks and containers of
 * containerd namespace `mk8s`, the pods' network namespaces and their CNI nat rules, mounts under
 * `dataDir`, then `mk8s agent --cleanup` inside `netns` (mk8s chains, routes, DNS address, pod
 * bridge). Every host command runs inside `netns`. Never throws: returns one line per step done or failed.
 */
export async function cleanNode(dataDir, netns, mk8sBin) {
  if (!netns) throw new Error('cleanNode: a network namespace is required (never the host\'s own network)');
  const done = [];
  const ns = (file, args, opts) => runProcess(...inNetns(netns, file, args), opts);
  const step = async (what, fn) => {
    try {
      await fn();
    } catch (err) {
      done.push(`FAILED ${what}: ${err.message}`);
    }
  };
  const ctrDir = join(dataDir, 'agent', 'containerd');
  const socket = join(ctrDir, 'containerd.sock');
  const config = join(ctrDir, 'config.toml');
  const sandboxDir = join(dataDir, 'agent', 'runtime', 'sandboxes');
  const sandboxes = existsSync(sandboxDir) ? readdirSync(sandboxDir).filter((id) => id.startsWith('mk8s-')) : [];

  await step('stop leftover containerd', async () => {
    for (const pid of pidsWithArg(config)) {
      await killPid(pid);
      done.push(`killed containerd pid ${pid}`);
    }
  });

  await step('remove containers', async () => {
    if (!existsSync(config)) return;
    const stateDir = join(ctrDir, 'state', 'io.containerd.runtime.v2.task', 'mk8s');
    const hasTasks = existsSync(stateDir) && readdirSync(stateDir).length > 0;
    if (!hasTasks && !existsSync(join(ctrDir, 'root', 'io.containerd.metadata.v1.bolt'))) return;
    const ctr = (args) => runProcess('ctr', ['-a', socket, '-n', 'mk8s', ...args], { timeoutMs: 20_000 });
    const ids = async (what) => (await ctr([what, 'ls', '-q'])).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
    const child = spawn(...inNetns(netns, 'containerd', ['--config', config]), { stdio: 'ignore' });
    try {
      if (!(await waitUntil(async () => (await runProcess('ctr', ['-a', socket, 'version'], { timeoutMs: 5_000 })).code === 0, 20_000, 100))) throw new Error(`containerd on ${socket} did not answer`);
      for (const id of await ids('tasks')) {
        await ctr(['tasks', 'kill', '-a', '-s', 'SIGKILL', id]);
        const gone = await waitUntil(async () => (await ctr(['tasks', 'delete', id])).code === 0 || !(await ids('tasks')).includes(id), 15_000, 100);
        if (!gone) await ctr(['tasks', 'delete', '-f', id]);
        done.push(`killed task ${id}`);
      }
      for (const id of await ids('containers')) {
        await ctr(['containers', 'rm', id]);
        done.push(`removed container ${id}`);
      }
    } finally {
      await killPid(child.pid);
    }
  });

  for (const id of sandboxes) {
    await step(`remove sandbox ${id}`, async () => {
      if (existsSync(`/var/run/netns/${id}`)) {
        await ns('ip', ['netns', 'delete', id]);
        done.push(`deleted netns ${id}`);
      }
    });
  }

  await step('unmount leftovers', async () => {
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
      .filter((m) => !!m && (m === dataDir || m.startsWith(`${dataDir}/`)))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) {
      await runProcess('umount', ['-l', m]);
      done.push(`unmounted ${m}`);
    }
  });

  await step('mk8s agent --cleanup', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MK8S_') && k !== 'NODE_OPTIONS'));
    const r = await ns(process.execPath, [mk8sBin, 'agent', '--cleanup', '--data-dir', dataDir], { timeoutMs: 30_000, env });
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr.trim()}`);
    done.push('mk8s agent --cleanup');
  });
  return done;
}
