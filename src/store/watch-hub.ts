import type { StoreEvent, WatchHandlers, Watcher } from './types.js';

interface Subscription {
  prefix: string;
  handlers: WatchHandlers;
  closed: boolean;
}

/**
 * Fans committed events out to watchers by key prefix. Drivers call `publish` after each
 * commit; a watcher whose handler throws is closed and told, the others carry on. A write
 * made from inside a handler is queued, so every watcher sees revisions in order.
 */
export class WatchHub {
  #subs = new Set<Subscription>();
  #queue: StoreEvent[][] = [];
  #publishing = false;

  subscribe(prefix: string, handlers: WatchHandlers): Watcher {
    const sub: Subscription = { prefix, handlers, closed: false };
    this.#subs.add(sub);
    return {
      close: () => {
        sub.closed = true;
        this.#subs.delete(sub);
      },
    };
  }

  /**
   * Subscribes, then replays the backlog: `page(after)` returns stored events after a revision
   * ([] at the end). Live events published meanwhile (a handler may write) are held and
   * delivered after the backlog; every revision reaches the watcher once, in order.
   */
  replayAndSubscribe(prefix: string, fromRevision: number, handlers: WatchHandlers, page: (after: number) => StoreEvent[]): Watcher {
    let last = fromRevision;
    let replaying = true;
    const held: StoreEvent[] = [];
    const deliver = (events: StoreEvent[]): void => {
      const fresh = events.filter((e) => e.revision > last);
      if (fresh.length === 0) return;
      last = fresh[fresh.length - 1].revision;
      handlers.onEvents(fresh);
    };
    const watcher = this.subscribe(prefix, {
      onEvents: (events) => (replaying ? held.push(...events) : deliver(events)),
      onError: (error) => handlers.onError?.(error),
    });
    try {
      for (let events = page(last); events.length > 0; events = page(last)) deliver(events);
      replaying = false;
      deliver(held);
    } catch (err) {
      watcher.close();
      handlers.onError?.(toError(err));
    }
    return watcher;
  }

  get size(): number {
    return this.#subs.size;
  }

  publish(events: StoreEvent[]): void {
    if (events.length === 0 || this.#subs.size === 0) return;
    this.#queue.push(events);
    if (this.#publishing) return;
    this.#publishing = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) this.#fanOut(next);
    } finally {
      this.#publishing = false;
    }
  }

  closeAll(error?: Error): void {
    for (const sub of this.#subs) {
      sub.closed = true;
      if (error) sub.handlers.onError?.(error);
    }
    this.#subs.clear();
  }

  #fanOut(events: StoreEvent[]): void {
    for (const sub of this.#subs) {
      const mine = sub.prefix === '' ? events : events.filter((e) => e.key.startsWith(sub.prefix));
      if (mine.length === 0 || sub.closed) continue;
      try {
        sub.handlers.onEvents(mine);
      } catch (err) {
        sub.closed = true;
        this.#subs.delete(sub);
        sub.handlers.onError?.(toError(err));
      }
    }
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
