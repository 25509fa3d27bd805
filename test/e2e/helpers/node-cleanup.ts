import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Teardown } from './temp-dir.js';
import { runProcess } from './run-process.js';
import { waitFor } from './wait-for.js';
import { MK8S_BIN } from './paths.js';

export interface NodeCleanupOptions {
  /** Run every host command inside this network namespace (`nsenter --net`): a node simulated in a netns. */
  netns?: string;
  /** Also delete this bridge when no interface is attached to it (default mk8s0). */
  bridge?: string;
}

/**
 * What one node (the agent of `dataDir`) leaves on the host after its process stopped or was
 * killed, removed through this node's own containerd socket and state files only:
 * - containerd processes whose config is `<dataDir>/agent/containerd/config.toml` (by pid);
 * - the tasks and containers of namespace `mk8s` (a containerd is started on the node's config
 *   when none answers on the socket, and stopped afterwards);
 * - the pods' network namespaces (`<dataDir>/agent/runtime/sandboxes/<id>`, id `mk8s-...`),
 *   the nat rules and chains the CNI plugins added for them, their UTS bind mounts;
 * - any mount left under `dataDir`;
 * - the bridge, when nothing is attached to it any more.
 * Never throws: returns what it did and what failed, one line each.
 */
export async function cleanNode(dataDir: string, options: NodeCleanupOptions = {}): Promise<string[]> {
  const done: string[] = [];
  const inNs: HostRun = (file, args, stdin) => runProcess(...nsCommand(options.netns, file, args), { stdin });
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      done.push(`FAILED ${what}: ${(err as Error).message}`);
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
    const ctr = (args: string[]) => runProcess('ctr', ['-a', socket, '-n', 'mk8s', ...args], { timeoutMs: 20_000 });
    const ids = async (what: 'tasks' | 'containers') => (await ctr([what, 'ls', '-q'])).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
    // Is there anything to do? The shims keep running without containerd; their state is on disk.
    const stateDir = join(ctrDir, 'state', 'io.containerd.runtime.v2.task', 'mk8s');
    const hasTasks = existsSync(stateDir) && readdirSync(stateDir).length > 0;
    const hasContainers = existsSync(join(ctrDir, 'root', 'io.containerd.metadata.v1.bolt'));
    if (!hasTasks && !hasContainers) return;
    const child = spawn(...nsCommand(options.netns, 'containerd', ['--config', config]), { stdio: 'ignore' });
    try {
      await waitFor(async () => (await runProcess('ctr', ['-a', socket, 'version'], { timeoutMs: 5_000 })).code === 0, `containerd on ${socket}`, 20_000, 100);
      for (const id of await ids('tasks')) {
        await ctr(['tasks', 'kill', '-a', '-s', 'SIGKILL', id]);
        await waitFor(async () => (await ctr(['tasks', 'delete', id])).code === 0 || !(await ids('tasks')).includes(id), `task ${id} to stop`, 15_000, 100).catch(() =>
          ctr(['tasks', 'delete', '-f', id]),
        );
        done.push(`killed task ${id}`);
      }
      for (const id of await ids('containers')) {
        await ctr(['containers', 'rm', id]);
        done.push(`removed container ${id}`);
      }
    } finally {
      await killPid(child.pid!);
    }
  });

  for (const id of sandboxes) {
    await step(`remove sandbox ${id}`, async () => {
      if ((await inNs('ip', ['netns', 'list'])).stdout.split('\n').some((l) => l.split(' ')[0] === id)) {
        await inNs('ip', ['netns', 'delete', id]);
        done.push(`deleted netns ${id}`);
      }
      const removed = await removeCniRules(id, inNs);
      if (removed) done.push(`removed ${removed} nat rules/chains of ${id}`);
    });
  }

  await step('unmount leftovers', async () => {
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
      .filter((m): m is string => !!m && (m === dataDir || m.startsWith(`${dataDir}/`)))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) {
      await runProcess('umount', ['-l', m]);
      done.push(`unmounted ${m}`);
    }
  });

  const bridge = options.bridge ?? 'mk8s0';
  await step(`delete bridge ${bridge} if unused`, async () => {
    // Through netlink, not /sys: nsenter --net keeps the host's /sys.
    const exists = (await inNs('ip', ['link', 'show', bridge])).code === 0;
    const brif = exists ? (await inNs('ip', ['-o', 'link', 'show', 'master', bridge])).stdout.trim() : '';
    if (exists && brif === '') {
      await inNs('ip', ['link', 'delete', bridge]);
      done.push(`deleted bridge ${bridge}`);
    }
  });
  await step('remove mk8s iptables chains, routes and the cluster DNS address', async () => {
    // What the agent's proxy, route sync and DNS left on this node (its netns, or the host).
    const r = await runProcess(...nsCommand(options.netns, '/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, MK8S_BIN, 'agent', '--cleanup', '--data-dir', dataDir]), { timeoutMs: 30_000 });
    if (r.code !== 0) throw new Error(`mk8s agent --cleanup exited ${r.code}: ${r.stderr}`);
    done.push('mk8s agent --cleanup');
  });
  return done;
}

/** Registers `cleanNode(dataDir)` as a teardown (register it before starting the node: teardowns run last-first). */
export function cleanNodeOnTeardown(t: Teardown, dataDir: string, options: NodeCleanupOptions = {}): void {
  t.teardown(async () => {
    const done = await cleanNode(dataDir, options).catch((err: Error) => [`FAILED: ${err.message}`]);
    if (process.env.MK8S_E2E_DEBUG) process.stderr.write(`# cleanNode ${dataDir}: ${JSON.stringify(done)}\n`);
    // The node's files are gone only when nothing is mounted there any more.
    rmSync(join(dataDir, 'agent'), { recursive: true, force: true, maxRetries: 3 });
  });
}

/** Pids whose command line has `arg` as one of its arguments (read from /proc). */
export function pidsWithArg(arg: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(arg)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the pid is gone. */
export async function killPid(pid: number, graceMs = 10_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return !isZombie(pid);
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const gone = await waitFor(() => !alive(), `pid ${pid} to exit`, graceMs, 50).catch(() => false);
  if (!gone && alive()) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !alive(), `pid ${pid} to exit after SIGKILL`, 5_000, 50).catch(() => undefined);
  }
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^\d+ \(.*\)/, ''));
  } catch {
    return false;
  }
}

function nsCommand(netns: string | undefined, file: string, args: string[]): [string, string[]] {
  return netns ? ['nsenter', [`--net=/var/run/netns/${netns}`, file, ...args]] : [file, args];
}

type HostRun = (file: string, args: string[], stdin?: string) => ReturnType<typeof runProcess>;

/** Deletes the nat rules whose comment names sandbox `id` (bridge ipMasq, portmap), then their own CNI- chains. */
async function removeCniRules(id: string, inNs: HostRun): Promise<number> {
  const rules = (await inNs('iptables', ['-t', 'nat', '-S'])).stdout.split('\n').filter((l) => l.startsWith('-A ') && l.includes(`id: \\"${id}\\"`));
  if (rules.length === 0) return 0;
  const shared = /^CNI-HOSTPORT-/;
  const chains = new Set<string>();
  for (const r of rules) {
    const own = /^-A (CNI-\S+)/.exec(r)?.[1];
    if (own && !shared.test(own)) chains.add(own);
    const target = / -j (CNI-\S+)/.exec(r)?.[1];
    if (target && !shared.test(target)) chains.add(target);
  }
  // Rules inside the sandbox's own chains go with the chain (flush); the others are deleted one by one.
  const deletes = rules.filter((r) => !chains.has(r.split(' ')[1]!)).map((r) => r.replace(/^-A /, '-D '));
  const input = ['*nat', ...deletes, ...[...chains].flatMap((c) => [`-F ${c}`, `-X ${c}`]), 'COMMIT', ''].join('\n');
  const r = await inNs('iptables-restore', ['--noflush'], input);
  if (r.code !== 0) throw new Error(`iptables-restore: ${r.stderr.trim()} (input: ${JSON.stringify(input)})`);
  return rules.length + chains.size;
}
