import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { pidAlive, waitFor } from './wait-for.js';

/** The slice of mk8s's Logger this supervisor uses (structurally compatible with src/log.ts). */
export interface SupervisorLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface EmbeddedContainerdOptions {
  /** Holds root/, state/, containerd.sock, config.toml and containerd.log. */
  dir: string;
  log: SupervisorLog;
  binary?: string;
  readyTimeoutMs?: number;
  /** Longest wait between restarts after crashes (default 30 s). */
  maxBackoffMs?: number;
}

export interface EmbeddedContainerd {
  socket: string;
  /** `overlayfs`, or `native` where overlay mounts do not work. */
  snapshotter: string;
  /** Current containerd pid (changes after a restart). */
  readonly pid: number;
  restarts: number;
  /** Stops containerd only: shims and their containers keep running. */
  stop(): Promise<void>;
}

export function containerdConfig(dir: string): string {
  return [
    'version = 2',
    `root = "${dir}/root"`,
    `state = "${dir}/state"`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]',
    '[grpc]',
    `  address = "${dir}/containerd.sock"`,
    '[ttrpc]',
    `  address = "${dir}/containerd.sock.ttrpc"`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = "${dir}/opt"`,
    '',
  ].join('\n');
}

/** Starts and supervises a private containerd; resolves once `ctr version` answers. */
export async function startEmbeddedContainerd(options: EmbeddedContainerdOptions): Promise<EmbeddedContainerd> {
  const { dir, log } = options;
  const binary = options.binary ?? 'containerd';
  const socket = `${dir}/containerd.sock`;
  const config = `${dir}/config.toml`;
  await mkdir(`${dir}/root`, { recursive: true });
  await mkdir(`${dir}/state`, { recursive: true });
  await writeFile(config, containerdConfig(dir));
  const logPath = `${dir}/containerd.log`;
  await stopOrphan(`${dir}/containerd.pid`, config, log);

  let child: ResultPromise | undefined;
  let stopping = false;
  let backoff = 500;
  let timer: NodeJS.Timeout | undefined;
  const handle: EmbeddedContainerd = {
    socket, snapshotter: 'overlayfs', restarts: 0,
    get pid() {
      return child?.pid ?? 0;
    },
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      const pid = child?.pid;
      if (pid && pidAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        if (!(await waitFor(() => !pidAlive(pid), 10_000, 25))) process.kill(pid, 'SIGKILL');
        await child?.catch(() => undefined);
      }
    },
  };

  const spawn = () => {
    const startedAt = Date.now();
    const proc = execa(binary, ['--config', config], { stdin: 'ignore', stdout: { file: logPath, append: true }, stderr: { file: logPath, append: true }, reject: false });
    child = proc;
    if (proc.pid) void writeFile(`${dir}/containerd.pid`, String(proc.pid)).catch(() => undefined);
    void proc.then((result) => {
      if (stopping || child !== proc) return;
      if (Date.now() - startedAt > 60_000) backoff = 500;
      log.warn('containerd exited; restarting', { exitCode: result.exitCode, signal: result.signal, backoffMs: backoff, dir });
      timer = setTimeout(() => {
        handle.restarts++;
        spawn();
      }, backoff);
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 30_000);
    });
    return proc;
  };

  const first = spawn();
  let exited = false;
  void first.then(() => (exited = true));
  const ready = await waitFor(async () => exited || (await ctrAnswers(socket)), options.readyTimeoutMs ?? 20_000, 50);
  if (!ready || exited) {
    await handle.stop();
    throw new Error(`Cannot start containerd in "${dir}": ${exited ? 'it exited at start' : 'no answer on the socket'} (see ${dir}/containerd.log)`);
  }
  handle.snapshotter = (await overlayWorks(socket)) ? 'overlayfs' : 'native';
  log.info('containerd ready', { socket, pid: handle.pid, snapshotter: handle.snapshotter });
  return handle;
}

async function ctrAnswers(socket: string): Promise<boolean> {
  const r = await execa('ctr', ['-a', socket, 'version'], { reject: false, timeout: 5_000 });
  return r.exitCode === 0;
}

async function overlayWorks(socket: string): Promise<boolean> {
  const r = await execa('ctr', ['-a', socket, 'plugins', 'ls'], { reject: false, timeout: 5_000 });
  return /io\.containerd\.snapshotter\.v1\s+overlayfs\s+\S+\s+ok/.test(String(r.stdout));
}

/**
 * A containerd left running by a previous mk8s that was killed (-9): found by its pid file and
 * checked by its command line (our config path), then stopped by pid. Container shims survive.
 */
async function stopOrphan(pidFile: string, config: string, log: SupervisorLog): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !pidAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return;
  }
  if (!cmdline.includes(config)) return;
  log.warn('stopping a containerd left by a previous run', { pid });
  process.kill(pid, 'SIGTERM');
  if (!(await waitFor(() => !pidAlive(pid), 10_000, 25))) process.kill(pid, 'SIGKILL');
}
