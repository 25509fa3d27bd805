import type { ResourceInfo } from '../../api/kinds.js';
import { apiVersionOf } from '../../api/resources.js';
import { BadRequestError, ExpiredError } from '../../errors.js';
import { CompactedError, type Store, type StoreEvent } from '../../store/index.js';
import type { CacheEvent, WatchCache } from '../watch-cache.js';
import { selectorFilter } from './list.js';
import type { WatchOptions } from './request-options.js';
import { listPrefix } from './resource-key.js';

type Obj = Record<string, any>;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Obj;
}

export interface WatchStream {
  onEvent: (event: WatchEvent) => void;
  /** Revision of the last event sent (for bookmarks). */
  readonly revision: number;
  bookmark(): void;
  close(): void;
}

/**
 * Opens a watch over the cache: the synthetic ADDED events (resourceVersion unset or 0) or the
 * backlog after a given resourceVersion first, then live events. Objects that start or stop
 * matching the selectors arrive as ADDED or DELETED, as upstream does.
 */
export function openWatch(cache: WatchCache, store: Store, info: ResourceInfo, namespace: string | undefined, options: WatchOptions, onEvent: WatchStream['onEvent'], present: (o: Obj) => Obj): WatchStream {
  const prefix = listPrefix(info, namespace);
  const matches = selectorFilter(info, options.labelSelector, options.fieldSelector);
  let revision = cache.revision;
  let closed = false;

  const deliver = (e: CacheEvent): void => {
    if (closed || e.revision <= revision || !e.key.startsWith(prefix)) return;
    revision = e.revision;
    const now = e.type !== 'DELETED' && matches(e.obj);
    const before = e.prev !== undefined && matches(e.prev);
    if (e.type === 'DELETED') {
      if (before || matches(e.obj)) onEvent({ type: 'DELETED', object: present(e.obj) });
    } else if (now && before) onEvent({ type: 'MODIFIED', object: present(e.obj) });
    else if (now) onEvent({ type: 'ADDED', object: present(e.obj) });
    else if (before) onEvent({ type: 'DELETED', object: present(e.obj) });
  };

  const rv = options.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0' || options.sendInitialEvents) {
    for (const entry of cache.list(prefix)) {
      if (matches(entry.obj)) onEvent({ type: 'ADDED', object: present(entry.obj) });
    }
    revision = cache.revision;
    if (options.sendInitialEvents) {
      onEvent({ type: 'BOOKMARK', object: bookmarkObject(info, revision, true) });
    }
  } else {
    const from = Number(rv);
    if (!Number.isInteger(from) || from < 0) throw new BadRequestError(`invalid resource version: ${JSON.stringify(rv)}`);
    revision = from;
    const recent = cache.eventsSince(from);
    if (recent) {
      for (const e of recent) deliver(e);
    } else {
      for (const e of backlogFromStore(store, prefix, from)) deliver(e);
      const rest = cache.eventsSince(revision) ?? [];
      for (const e of rest) deliver(e);
    }
  }
  const unsubscribe = cache.subscribe(deliver);
  return {
    onEvent,
    get revision() {
      return revision;
    },
    bookmark() {
      if (!closed && options.allowWatchBookmarks) onEvent({ type: 'BOOKMARK', object: bookmarkObject(info, Math.max(revision, cache.revision), false) });
    },
    close() {
      closed = true;
      unsubscribe();
    },
  };
}

function bookmarkObject(info: ResourceInfo, revision: number, initialEnd: boolean): Obj {
  const metadata: Obj = { resourceVersion: String(revision) };
  if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: info.kind, apiVersion: apiVersionOf(info), metadata };
}

/** Events older than the cache's ring, from the store's event log; 410 when compacted away. */
function backlogFromStore(store: Store, prefix: string, from: number): CacheEvent[] {
  const out: CacheEvent[] = [];
  const last = new Map<string, Obj>();
  let watcher;
  try {
    watcher = store.watch(prefix, from, {
      onEvents: (events: StoreEvent[]) => {
        for (const e of events) {
          const obj = JSON.parse(e.value) as Obj;
          obj.metadata ??= {};
          obj.metadata.resourceVersion = String(e.revision);
          const prev = last.get(e.key);
          last.set(e.key, obj);
          out.push({ type: e.type === 'create' ? 'ADDED' : e.type === 'delete' ? 'DELETED' : 'MODIFIED', key: e.key, obj, prev: prev ?? (e.type === 'create' ? undefined : obj), revision: e.revision });
        }
      },
    });
  } catch (err) {
    if (err instanceof CompactedError) throw new ExpiredError(`too old resource version: ${from} (${err.compacted})`);
    throw err;
  }
  watcher.close();
  return out;
}
