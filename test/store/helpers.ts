import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, type SqliteStoreOptions, type Store, type StoreEvent, type Watcher } from '../../src/store/index.js';

/** The slice of tap's Test object the helpers use. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A fresh directory under os.tmpdir(), removed when the test ends. */
export function tempDir(t: Teardown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Resolves once `cond()` is true; rejects with `what` once `ms` have passed. Polls on the event loop, never sleeps blindly. */
export async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Records what a watch delivers: each onEvents batch, the flattened events and any error. */
export class Collector {
  readonly batches: StoreEvent[][] = [];
  readonly errors: Error[] = [];
  watcher?: Watcher;

  get events(): StoreEvent[] {
    return this.batches.flat();
  }

  get revisions(): number[] {
    return this.events.map((e) => e.revision);
  }

  /** Starts a watch whose events land here; `onBatch` runs before a batch is recorded. */
  watch(store: Store, prefix: string, from: number, onBatch?: (events: StoreEvent[]) => void): this {
    this.watcher = store.watch(prefix, from, {
      onEvents: (events) => {
        onBatch?.(events);
        this.batches.push(events);
      },
      onError: (error) => {
        this.errors.push(error);
      },
    });
    return this;
  }

  async waitForRevision(revision: number): Promise<void> {
    await until(() => this.events.some((e) => e.revision >= revision), `an event at revision ${revision}`);
  }
}

/** 1, 2, ..., n (or from..to inclusive). */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** A SqliteStore on `path`, closed in teardown; its compaction timer is off unless asked for. */
export function openSqlite(t: Teardown, path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const store = new SqliteStore(path, { compactIntervalMs: 0, ...options });
  t.teardown(() => store.close());
  return store;
}

/** A SqliteStore on a fresh file in a temp directory. */
export function freshSqlite(t: Teardown, options: SqliteStoreOptions = {}): { store: SqliteStore; path: string } {
  const path = join(tempDir(t), 'state.db');
  return { store: openSqlite(t, path, options), path };
}
