/**
 * WAL checkpoints off the event loop. With synchronous=NORMAL a checkpoint copies the WAL into
 * the database file and fsyncs both: tens of milliseconds of disk wait that, run inline by
 * SQLite's autocheckpoint, stall every request behind the write that crossed the threshold
 * (a create cost ~3x more on average). Here the store's own connection never checkpoints
 * (wal_autocheckpoint=0); once about `thresholdBytes` have been written since the last
 * checkpoint, a worker thread with its own connection runs `wal_checkpoint(PASSIVE)`, which
 * never blocks the writer, repeated (a few rounds at most) to copy what was written meanwhile,
 * and the store's connection then finishes inline with the few frames written since the last
 * round (milliseconds). The worker starts on demand and exits when idle, so a quiet
 * server carries no second isolate. If the worker cannot run, checkpoints happen inline.
 */
import { Worker } from 'node:worker_threads';
import { SQLITE_ADDON_PATH } from './sqlite-addon.js';
import { createRequire } from 'node:module';
import { keepCapAcross } from '../young-generation.js';

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** The database file. */
  path: string;
  /** Inline fallback: runs the checkpoint on the store's own connection. */
  inline: (mode: CheckpointMode) => CheckpointResult;
  /** Bytes written since the last checkpoint that trigger the next (default 4 MiB, SQLite's 1,000 pages). */
  thresholdBytes?: number;
  /**
   * While a checkpoint runs, writes beyond this many bytes wait for it (see mustWait): the WAL
   * cannot outgrow the checkpoints, whatever the write rate (default 8 MiB).
   */
  capBytes?: number;
  /** The worker exits after this long without work (default 30 s). */
  idleMs?: number;
  onError?: (error: Error) => void;
}

// Runs as CommonJS inside the worker: one connection, one checkpoint per message.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { nativeBinding: workerData.addon });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let [row] = db.pragma('wal_checkpoint(' + m.mode + ')');
    // A passive checkpoint copies what the WAL held when it began; the writer goes on meanwhile.
    // Further rounds copy those frames too (each shorter than the last), so what the store's
    // connection finishes inline is as small as it can be.
    for (let round = 1; m.mode === 'PASSIVE' && round < 8 && row.busy === 0 && row.checkpointed < row.log; round++) {
      const [next] = db.pragma('wal_checkpoint(PASSIVE)');
      const progress = next.checkpointed > row.checkpointed || next.log < row.log;
      row = next;
      if (!progress) break;
    }
    parentPort.postMessage({ id: m.id, ok: true, result: row });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, error: String(err && err.message || err) });
  }
});
`;

interface Pending {
  resolve: (r: CheckpointResult) => void;
  reject: (e: Error) => void;
}

export class WalCheckpointer {
  readonly #o: Required<Omit<WalCheckpointerOptions, 'onError'>> & Pick<WalCheckpointerOptions, 'onError'>;
  #worker: Worker | undefined;
  #workerFailed = false;
  #written = 0;
  #running: Promise<CheckpointResult> | undefined;
  #queued: CheckpointMode | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Checkpoints done by the worker (tests and metrics). */
  workerCheckpoints = 0;

  constructor(options: WalCheckpointerOptions) {
    this.#o = {
      ...options,
      thresholdBytes: options.thresholdBytes ?? 4 * 1024 * 1024,
      capBytes: options.capBytes ?? 8 * 1024 * 1024,
      idleMs: options.idleMs ?? 30_000,
    };
  }

  /** Counts what a committed transaction wrote; starts a checkpoint once the threshold is crossed. */
  wrote(bytes: number): void {
    this.#written += bytes;
    if (this.#written >= this.#o.thresholdBytes) this.soon('PASSIVE');
  }

  /** Whether the next write should wait: a checkpoint is running and the WAL has grown by capBytes since it began. */
  mustWait(): boolean {
    return this.#running !== undefined && this.#written >= this.#o.capBytes;
  }

  /** Resolves once no checkpoint runs (at once when none does). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
  }

  /** A checkpoint in the background: now, or once the running one ends (requests in between coalesce). */
  soon(mode: CheckpointMode): void {
    if (this.#closed) return;
    if (this.#running) {
      if (this.#queued !== 'TRUNCATE') this.#queued = mode;
      return;
    }
    this.checkpoint(mode)
      .catch((err: Error) => this.#o.onError?.(err))
      .finally(() => {
        const next = this.#queued;
        this.#queued = undefined;
        if (next) this.soon(next);
      });
  }

  /** One checkpoint (the running one if any, then this one). */
  async checkpoint(mode: CheckpointMode): Promise<CheckpointResult> {
    while (this.#running) await this.#running.catch(() => undefined);
    if (this.#closed) throw new Error('store is closed');
    this.#written = 0;
    this.#running = this.#run(mode);
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  /** Waits for a running checkpoint, then stops the worker (its connection closes first, so the store's close can finish the WAL). */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#running?.catch(() => undefined);
    this.#closed = true;
    await this.#stopWorker();
  }

  async #run(mode: CheckpointMode): Promise<CheckpointResult> {
    const worker = this.#ensureWorker();
    if (!worker) return this.#o.inline(mode);
    this.#armIdle();
    const id = this.#nextId++;
    const result = new Promise<CheckpointResult>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    worker.postMessage({ type: 'checkpoint', id, mode });
    await result;
    this.workerCheckpoints++;
    // The worker copied the bulk and waited for the disk; the frames written meanwhile are few,
    // so finishing inline is short, and a checkpoint that reaches the end of the WAL is what lets
    // the next write start it over from the beginning (the file stays bounded under steady load).
    return this.#o.inline(mode);
  }

  #ensureWorker(): Worker | undefined {
    if (this.#worker || this.#workerFailed) return this.#worker;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, addon: SQLITE_ADDON_PATH, path: this.#o.path } });
      keepCapAcross(worker);
      worker.unref();
      worker.on('message', (m: { id: number; ok: boolean; result?: CheckpointResult; error?: string }) => {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (m.ok) p?.resolve(m.result!);
        else p?.reject(new Error(`WAL checkpoint failed: ${m.error}`));
      });
      const fail = (err: Error) => {
        if (this.#worker !== worker) return;
        this.#worker = undefined;
        for (const p of this.#pending.values()) p.reject(err);
        this.#pending.clear();
      };
      worker.on('error', (err) => {
        this.#workerFailed = true; // from now on, inline
        this.#o.onError?.(new Error(`WAL checkpoint worker failed, checkpointing inline from now on: ${err.message}`));
        fail(err);
      });
      worker.on('exit', () => fail(new Error('WAL checkpoint worker exited')));
      this.#worker = worker;
      return worker;
    } catch (err) {
      this.#workerFailed = true;
      this.#o.onError?.(new Error(`cannot start the WAL checkpoint worker, checkpointing inline: ${(err as Error).message}`));
      return undefined;
    }
  }

  #armIdle(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (!this.#running) void this.#stopWorker();
      else this.#armIdle();
    }, this.#o.idleMs);
    this.#idleTimer.unref();
  }

  async #stopWorker(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
