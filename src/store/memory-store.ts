import { WatchHub } from './watch-hub.js';
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

/** The in-memory driver for unit tests and simulations: the same contract as SqliteStore. */
export class MemoryStore implements Store {
  #objects = new Map<string, StoreEntry>();
  #sortedKeys: string[] | undefined;
  #events: StoreEvent[] = [];
  #hub = new WatchHub();
  #revision = 0;
  #compacted = 0;
  #retain: number;

  constructor(options: { retainRevisions?: number } = {}) {
    this.#retain = options.retainRevisions ?? 10_000;
  }

  async get(key: string): Promise<StoreEntry | undefined> {
    const e = this.#objects.get(key);
    return e && { ...e };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#sortedKeys ??= [...this.#objects.keys()].sort(byteOrder);
    const items: StoreEntry[] = [];
    let more = false;
    for (const key of this.#sortedKeys) {
      if (!key.startsWith(prefix) || (options.after !== undefined && byteOrder(key, options.after) <= 0)) continue;
      if (options.limit && items.length >= options.limit) {
        more = true;
        break;
      }
      items.push({ ...this.#objects.get(key)! });
    }
    return { items, revision: this.#revision, more };
  }

  async create(key: string, value: string, object?: Record<string, unknown>): Promise<WriteResult> {
    const current = this.#objects.get(key);
    if (current) return { ok: false, failure: 'exists', current: { ...current } };
    const revision = this.#revision + 1;
    this.#sortedKeys = undefined;
    return this.#commit({ type: 'create', key, value, revision, createRevision: revision }, object);
  }

  async update(key: string, value: string, expectedRevision: number, object?: Record<string, unknown>): Promise<WriteResult> {
    const current = this.#objects.get(key);
    if (!current) return { ok: false, failure: 'not-found' };
    if (expectedRevision && current.revision !== expectedRevision) return { ok: false, failure: 'conflict', current: { ...current } };
    return this.#commit({ type: 'update', key, value, revision: this.#revision + 1, createRevision: current.createRevision }, object);
  }

  async delete(key: string, expectedRevision: number): Promise<WriteResult> {
    const current = this.#objects.get(key);
    if (!current) return { ok: false, failure: 'not-found' };
    if (expectedRevision && current.revision !== expectedRevision) return { ok: false, failure: 'conflict', current: { ...current } };
    this.#sortedKeys = undefined;
    return this.#commit({ type: 'delete', key, value: current.value, revision: this.#revision + 1, createRevision: current.createRevision });
  }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watcher {
    if (fromRevision < this.#compacted) throw new CompactedError(fromRevision, this.#compacted);
    return this.#hub.replayAndSubscribe(prefix, fromRevision, handlers, (after) =>
      this.#events.filter((e) => e.revision > after && e.key.startsWith(prefix)),
    );
  }

  async currentRevision(): Promise<number> {
    return this.#revision;
  }

  compactedRevision(): number {
    return this.#compacted;
  }

  async compact(revision?: number): Promise<CompactResult> {
    const target = Math.min(revision ?? this.#revision - this.#retain, this.#revision);
    if (target <= this.#compacted) return { removed: 0, compactedRevision: this.#compacted };
    const before = this.#events.length;
    this.#events = this.#events.filter((e) => e.revision > target);
    this.#compacted = target;
    return { removed: before - this.#events.length, compactedRevision: target };
  }

  async close(): Promise<void> {
    this.#hub.closeAll();
  }

  #commit(event: StoreEvent, object?: Record<string, unknown>): WriteResult {
    if (event.type === 'delete') this.#objects.delete(event.key);
    else this.#objects.set(event.key, { key: event.key, value: event.value, revision: event.revision, createRevision: event.createRevision });
    this.#revision = event.revision;
    // The log replays without the object (only live watchers get it, as from SqliteStore).
    this.#events.push(event);
    if (this.#events.length > this.#retain * 2) void this.compact();
    this.#hub.publish([object ? { ...event, object } : event]);
    return { ok: true, revision: event.revision, createRevision: event.createRevision };
  }
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
