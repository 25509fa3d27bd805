import type { Store, StoreEvent, Watcher } from '../store/index.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A cached object: parsed once, with metadata.resourceVersion set, never mutated. */
export interface CachedObject {
  key: string;
  obj: Record<string, any>;
  revision: number;
}

export interface CacheEvent {
  type: WatchEventType;
  key: string;
  obj: Record<string, any>;
  /** The object before this event (undefined for ADDED). */
  prev?: Record<string, any>;
  revision: number;
}

export type CacheListener = (event: CacheEvent) => void;

/**
 * The API server's in-memory view of the store, fed by one store watch: lists, gets and
 * watches are served from here. It keeps a ring of recent events so a watch can resume
 * from a recent resourceVersion without touching the store.
 */
export class WatchCache {
  #store: Store;
  /** Resource prefix ("/registry/apps/deployments/") -> key -> object. */
  #objects = new Map<string, Map<string, CachedObject>>();
  #ring: CacheEvent[] = [];
  #ringSize: number;
  #listeners = new Set<CacheListener>();
  #revision = 0;
  #watcher?: Watcher;
  #onError: (error: Error) => void;

  constructor(store: Store, options: { ringSize?: number; onError?: (error: Error) => void } = {}) {
    this.#store = store;
    this.#ringSize = options.ringSize ?? 10_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Loads the whole registry and starts following the store. */
  async start(prefix = '/registry/'): Promise<void> {
    let after: string | undefined;
    let revision = 0;
    for (;;) {
      const page = await this.#store.list(prefix, { limit: 5000, after });
      if (revision === 0) revision = page.revision;
      for (const e of page.items) this.#bucket(e.key).set(e.key, { key: e.key, obj: decode(e.value, e.revision), revision: e.revision });
      if (!page.more) break;
      after = page.items[page.items.length - 1].key;
    }
    this.#revision = revision;
    this.#watcher = this.#store.watch(prefix, revision, {
      onEvents: (events) => {
        for (const e of events) this.#apply(e);
      },
      onError: (err) => this.#onError(err),
    });
  }

  stop(): void {
    this.#watcher?.close();
    this.#listeners.clear();
  }

  get revision(): number {
    return this.#revision;
  }

  get(key: string): CachedObject | undefined {
    return this.#objects.get(resourcePrefix(key))?.get(key);
  }

  /** Objects under `prefix` (at least a resource prefix), sorted by key. */
  list(prefix: string): CachedObject[] {
    const out: CachedObject[] = [];
    const bucket = this.#objects.get(resourcePrefix(prefix));
    if (!bucket) return out;
    for (const [key, value] of bucket) if (key.startsWith(prefix)) out.push(value);
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  /** The oldest revision from which `eventsSince` can still answer. */
  get oldestResumable(): number {
    return this.#ring.length > 0 ? this.#ring[0].revision - 1 : this.#revision;
  }

  /** Events after `revision` still in the ring, or undefined when it no longer reaches back. */
  eventsSince(revision: number): CacheEvent[] | undefined {
    if (revision < this.oldestResumable) return undefined;
    let lo = 0;
    let hi = this.#ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#ring[mid].revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.#ring.slice(lo);
  }

  subscribe(listener: CacheListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #bucket(key: string): Map<string, CachedObject> {
    const prefix = resourcePrefix(key);
    let bucket = this.#objects.get(prefix);
    if (!bucket) this.#objects.set(prefix, (bucket = new Map()));
    return bucket;
  }

  #apply(e: StoreEvent): void {
    const bucket = this.#bucket(e.key);
    const prev = bucket.get(e.key);
    const obj = e.object && e.type !== 'delete' && (knownPlain.has(e.object) || isPlainJson(e.object)) ? adopt(e.object, e.revision) : decode(e.value, e.revision);
    let event: CacheEvent;
    if (e.type === 'delete') {
      bucket.delete(e.key);
      event = { type: 'DELETED', key: e.key, obj, prev: prev?.obj, revision: e.revision };
    } else {
      bucket.set(e.key, { key: e.key, obj, revision: e.revision });
      event = { type: e.type === 'create' ? 'ADDED' : 'MODIFIED', key: e.key, obj, prev: prev?.obj, revision: e.revision };
    }
    this.#revision = e.revision;
    this.#ring.push(event);
    // Trimmed in steps of a sixteenth of the ring: one splice per event moves the whole ring each time.
    if (this.#ring.length > this.#ringSize + (this.#ringSize >> 4)) this.#ring.splice(0, this.#ring.length - this.#ringSize);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}

function decode(value: string, revision: number): Record<string, any> {
  const obj = JSON.parse(value) as Record<string, any>;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

const knownPlain = new WeakSet<object>();

/**
 * Tells the cache that `obj`, about to be written with its object (StoreEvent.object), is plain
 * JSON by construction (made of cached objects' parts and new strings, say), so adopting it
 * needs no isPlainJson walk.
 */
export function markPlainJson(obj: object): void {
  knownPlain.add(obj);
}

/** The writer's object (see StoreEvent.object) as the cache keeps it: JSON.parse(value) would give an equal one. */
function adopt(obj: Record<string, any>, revision: number): Record<string, any> {
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/**
 * Whether `value` is what JSON.parse(JSON.stringify(value)) would give back, but for object
 * identity: plain objects and arrays, finite numbers (not -0), strings, booleans and null,
 * nothing undefined. Cheaper than parsing the store's copy, and allocates nothing.
 */
export function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key) || !isPlainJson((value as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** "/registry/apps/deployments/ns/name" → "/registry/apps/deployments/". */
function resourcePrefix(key: string): string {
  let slashes = 0;
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) === 47 && ++slashes === 4) return key.slice(0, i + 1);
  }
  return key.endsWith('/') ? key : key + '/';
}
