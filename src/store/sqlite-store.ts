import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { WatchHub } from './watch-hub.js';
import { WalCheckpointer, type CheckpointMode, type CheckpointResult } from './wal-checkpointer.js';
import { SQLITE_ADDON } from './sqlite-addon.js';
import {
  CompactedError,
  type CompactResult,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEntry,
  type StoreEvent,
  type WatchHandlers,
  type Watcher,
  type WriteResult,
} from './types.js';

export interface SqliteStoreOptions {
  /** Events kept for watch resume, counted in revisions behind the current one. */
  retainRevisions?: number;
  /** Rows deleted per compaction transaction. */
  compactBatch?: number;
  /** Milliseconds between automatic compactions; 0 disables the timer. */
  compactIntervalMs?: number;
  /** Called with errors of the background compaction and checkpoints (they carry on regardless). */
  onBackgroundError?: (error: Error) => void;
  /** Bytes written between WAL checkpoints (default 4 MiB); see WalCheckpointer. */
  checkpointBytes?: number;
}

const EVENT_CODE = { create: 0, update: 1, delete: 2 } as const;
const EVENT_TYPES = ['create', 'update', 'delete'] as const;

interface Row {
  key: string;
  value: string;
  revision: number;
  create_revision: number;
}

interface EventRow extends Row {
  type: 0 | 1 | 2;
}

/**
 * The SQLite driver: one `objects` table with the current state and one append-only
 * `events` table whose primary key is the revision. Writes are single transactions in WAL
 * mode with synchronous=NORMAL, which survives the process being killed; a background
 * compaction trims the event log in small batches and checkpoints the WAL, and re-arms
 * itself whatever happens, so the file stays bounded.
 */
export class SqliteStore implements Store {
  #db: Db;
  #hub = new WatchHub();
  #revision: number;
  #compacted: number;
  #retain: number;
  #batch: number;
  #timer?: NodeJS.Timeout;
  #compacting = false;
  /** Events written since the last compaction started: a fast writer triggers one early. */
  #sinceCompact = 0;
  #closed = false;
  #onBackgroundError: (error: Error) => void;
  #st: Record<string, Statement>;
  #checkpointer: WalCheckpointer;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.#retain = options.retainRevisions ?? 10_000;
    this.#batch = options.compactBatch ?? 2_000;
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    // The driver takes the loaded addon object as well as a path (its types say only a path).
    this.#db = new Database(path, { nativeBinding: SQLITE_ADDON as unknown as string });
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_size_limit = 8388608');
    // Checkpoints run in a worker thread (WalCheckpointer), never inline on a write.
    this.#db.pragma('wal_autocheckpoint = 0');
    this.#checkpointer = new WalCheckpointer({
      path,
      inline: (mode: CheckpointMode) => (this.#db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0]!,
      thresholdBytes: options.checkpointBytes,
      onError: (err) => this.#onBackgroundError(err),
    });
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS objects (
        key TEXT PRIMARY KEY, value TEXT NOT NULL, revision INTEGER NOT NULL, create_revision INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS events (
        revision INTEGER PRIMARY KEY, key TEXT NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL, create_revision INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);
    `);
    const db = this.#db;
    this.#st = {
      get: db.prepare('SELECT key, value, revision, create_revision FROM objects WHERE key = ?'),
      // A write's precondition check reads no value (a copy of it into a JS string) unless it fails.
      head: db.prepare('SELECT revision, create_revision FROM objects WHERE key = ?'),
      list: db.prepare('SELECT key, value, revision, create_revision FROM objects WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?'),
      insert: db.prepare('INSERT INTO objects (key, value, revision, create_revision) VALUES (?, ?, ?, ?)'),
      updateObj: db.prepare('UPDATE objects SET value = ?, revision = ? WHERE key = ?'),
      deleteObj: db.prepare('DELETE FROM objects WHERE key = ?'),
      event: db.prepare('INSERT INTO events (revision, key, type, value, create_revision) VALUES (?, ?, ?, ?, ?)'),
      setMeta: db.prepare('UPDATE meta SET value = ? WHERE name = ?'),
      getMeta: db.prepare('SELECT value FROM meta WHERE name = ?'),
      since: db.prepare('SELECT revision, key, type, value, create_revision FROM events WHERE revision > ? AND key >= ? AND key < ? ORDER BY revision LIMIT 5000'),
      trim: db.prepare('DELETE FROM events WHERE revision IN (SELECT revision FROM events WHERE revision <= ? ORDER BY revision LIMIT ?)'),
    };
    this.#revision = (this.#st.getMeta.get('revision') as { value: number }).value;
    this.#compacted = (this.#st.getMeta.get('compacted') as { value: number }).value;
    const interval = options.compactIntervalMs ?? 5_000;
    if (interval > 0) {
      this.#timer = setInterval(() => this.#backgroundCompact(), interval);
      this.#timer.unref();
    }
  }

  async get(key: string): Promise<StoreEntry | undefined> {
    const row = this.#st.get.get(key) as Row | undefined;
    return row && toEntry(row);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const rows = this.#st.list.all(prefix, prefixEnd(prefix), options.after ?? '', limit === -1 ? -1 : limit + 1) as Row[];
    const more = limit !== -1 && rows.length > limit;
    if (more) rows.pop();
    return { items: rows.map(toEntry), revision: this.#revision, more };
  }

  async create(key: string, value: string, object?: Record<string, unknown>): Promise<WriteResult> {
    return this.#write(() => {
      if (this.#st.head.get(key)) return { ok: false, failure: 'exists', current: toEntry(this.#st.get.get(key) as Row) };
      const rev = this.#revision + 1;
      this.#st.insert.run(key, value, rev, rev);
      return this.#commit({ type: 'create', key, value, revision: rev, createRevision: rev }, object);
    });
  }

  async update(key: string, value: string, expectedRevision: number, object?: Record<string, unknown>): Promise<WriteResult> {
    return this.#write(() => {
      const current = this.#st.head.get(key) as Pick<Row, 'revision' | 'create_revision'> | undefined;
      if (!current) return { ok: false, failure: 'not-found' };
      if (expectedRevision && current.revision !== expectedRevision) return { ok: false, failure: 'conflict', current: toEntry(this.#st.get.get(key) as Row) };
      const rev = this.#revision + 1;
      this.#st.updateObj.run(value, rev, key);
      return this.#commit({ type: 'update', key, value, revision: rev, createRevision: current.create_revision }, object);
    });
  }

  async delete(key: string, expectedRevision: number): Promise<WriteResult> {
    return this.#write(() => {
      const current = this.#st.get.get(key) as Row | undefined;
      if (!current) return { ok: false, failure: 'not-found' };
      if (expectedRevision && current.revision !== expectedRevision) return { ok: false, failure: 'conflict', current: toEntry(current) };
      const rev = this.#revision + 1;
      this.#st.deleteObj.run(key);
      return this.#commit({ type: 'delete', key, value: current.value, revision: rev, createRevision: current.create_revision });
    });
  }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watcher {
    if (fromRevision < this.#compacted) throw new CompactedError(fromRevision, this.#compacted);
    // The hub subscribes first and holds live events (a handler may write) until the replay ends.
    return this.#hub.replayAndSubscribe(prefix, fromRevision, handlers, (after) =>
      (this.#st.since.all(after, prefix, prefixEnd(prefix)) as EventRow[]).map(toEvent),
    );
  }

  async currentRevision(): Promise<number> {
    return this.#revision;
  }

  compactedRevision(): number {
    return this.#compacted;
  }

  /** Trims the event log up to `revision` (default: all but the retained window), then checkpoints the WAL. */
  async compact(revision?: number): Promise<CompactResult> {
    const result = await this.#trim(revision);
    if (!this.#closed && result.removed > 0) await this.#checkpointer.checkpoint('TRUNCATE');
    return result;
  }

  async #trim(revision?: number): Promise<CompactResult> {
    const target = Math.min(revision ?? this.#revision - this.#retain, this.#revision);
    let removed = 0;
    while (!this.#closed && this.#compacted < target) {
      const info = this.#db.transaction(() => {
        const n = this.#st.trim.run(target, this.#batch).changes;
        const upTo = n < this.#batch ? target : this.#firstEventRevision() - 1;
        this.#st.setMeta.run(upTo, 'compacted');
        return { n, upTo };
      })();
      removed += info.n;
      this.#compacted = info.upTo;
      // Yield between batches so writers and readers are never stalled for long.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { removed, compactedRevision: this.#compacted };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#hub.closeAll();
    // The worker's connection closes first: the last one to close checkpoints and removes the WAL.
    await this.#checkpointer.close().catch((err: Error) => this.#onBackgroundError(err));
    this.#db.close();
  }

  /** Number of rows in the event log (for tests and metrics). */
  eventCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  #firstEventRevision(): number {
    const row = this.#db.prepare('SELECT min(revision) AS r FROM events').get() as { r: number | null };
    return row.r ?? this.#revision + 1;
  }

  #backgroundCompact(): void {
    if (this.#compacting || this.#closed) return;
    this.#compacting = true;
    this.#sinceCompact = 0;
    // The checkpoint runs on its own (a worker's disk wait): the next round need not wait for it.
    this.#trim()
      .then((r) => {
        if (r.removed > 0) this.#checkpointer.soon('TRUNCATE');
      })
      .catch((err: unknown) => this.#onBackgroundError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        this.#compacting = false;
      });
  }

  #pending: StoreEvent | undefined;
  #queue: { body: () => WriteResult; resolve: (r: WriteResult) => void; reject: (e: unknown) => void }[] = [];
  #flushScheduled = false;

  #commit(event: StoreEvent, object?: Record<string, unknown>): WriteResult {
    if (object) event.object = object;
    this.#st.event.run(event.revision, event.key, EVENT_CODE[event.type], event.value, event.createRevision);
    this.#pending = event;
    return { ok: true, revision: event.revision, createRevision: event.createRevision };
  }

  /**
   * Group commit: writes queued during one turn of the event loop run in order in a single
   * transaction, then their events are published and their callers answered.
   */
  #write(body: () => WriteResult): Promise<WriteResult> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ body, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    if (this.#checkpointer.mustWait() && !this.#closed) {
      // Back-pressure: the WAL grew by the cap while a checkpoint runs; writes wait for it (reads go on).
      void this.#checkpointer.settled().then(() => setImmediate(() => this.#flush()));
      return;
    }
    this.#flushScheduled = false;
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    if (this.#closed) {
      for (const op of batch) op.reject(new Error('store is closed'));
      return;
    }
    const before = this.#revision;
    const events: StoreEvent[] = [];
    const results: WriteResult[] = [];
    try {
      this.#db
        .transaction(() => {
          for (const op of batch) {
            this.#pending = undefined;
            const result = op.body();
            results.push(result);
            if (result.ok && this.#pending) {
              events.push(this.#pending);
              this.#revision = (this.#pending as StoreEvent).revision;
            }
          }
          if (events.length > 0) this.#st.setMeta.run(this.#revision, 'revision');
        })
        .immediate();
    } catch (err) {
      this.#revision = before;
      for (const op of batch) op.reject(err);
      return;
    } finally {
      this.#pending = undefined;
    }
    // What the WAL grew by, roughly: the object row and the event row of each write, plus the
    // pages every transaction rewrites whole (the two tables' leaves and the meta row).
    let bytes = 3 * 4096;
    for (const e of events) bytes += 2 * e.value.length + 2 * e.key.length + 64;
    this.#checkpointer.wrote(bytes);
    // The timer alone would let a fast writer pile up events between rounds (and grow the file):
    // half the retained window written since the last round starts the next one now.
    this.#sinceCompact += events.length;
    if (this.#sinceCompact >= Math.max(1, this.#retain / 2) && this.#timer) this.#backgroundCompact();
    this.#hub.publish(events);
    batch.forEach((op, i) => op.resolve(results[i]));
  }
}

function toEntry(row: Row): StoreEntry {
  return { key: row.key, value: row.value, revision: row.revision, createRevision: row.create_revision };
}

function toEvent(row: EventRow): StoreEvent {
  return { type: EVENT_TYPES[row.type], key: row.key, value: row.value, revision: row.revision, createRevision: row.create_revision };
}

/** The smallest string greater than every string starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix === '' ? '\uffff' : prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
