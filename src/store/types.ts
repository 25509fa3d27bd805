/**
 * The store contract: a small key/value interface with one global revision counter, in the
 * spirit of kine's Backend. Values are opaque strings (JSON documents without their
 * resourceVersion; the API layer sets it from `revision`).
 */

export interface StoreEntry {
  key: string;
  value: string;
  /** Revision of the last write to this key: the object's resourceVersion. */
  revision: number;
  /** Revision at which the key was created. */
  createRevision: number;
}

export type StoreEventType = 'create' | 'update' | 'delete';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  /** The new value; for a delete, the last value before deletion. */
  value: string;
  revision: number;
  createRevision: number;
  /**
   * `value` as an object, when the writer passed it along (create and update only, and only
   * to live watchers: never in a replay): a watcher may use it instead of parsing `value`. It
   * is shared: nobody may change it, except to set its metadata.resourceVersion (whatever the
   * writer left there is meaningless). It may hold what JSON leaves out (undefined values, ...):
   * a watcher that uses it checks for that first.
   */
  object?: Record<string, unknown>;
}

export type WriteFailure = 'exists' | 'not-found' | 'conflict';

/** A write either succeeds with its new revision or reports why not; it never throws for these. */
export type WriteResult =
  | { ok: true; revision: number; createRevision: number }
  | { ok: false; failure: WriteFailure; current?: StoreEntry };

export interface ListOptions {
  /** At most this many entries; `more` says whether others follow. */
  limit?: number;
  /** Continue strictly after this key (keys are ordered bytewise). */
  after?: string;
}

export interface ListResult {
  items: StoreEntry[];
  /** The store revision the list reflects. */
  revision: number;
  more: boolean;
}

export interface Watcher {
  close(): void;
}

export interface WatchHandlers {
  /** Events in revision order, strictly after the revision the watch started from. */
  onEvents(events: StoreEvent[]): void;
  /** The watch ended because of an error (it is closed). */
  onError?(error: Error): void;
}

export interface CompactResult {
  /** Events removed. */
  removed: number;
  /** Every revision at or below this one is gone from the event log. */
  compactedRevision: number;
}

export interface Store {
  get(key: string): Promise<StoreEntry | undefined>;
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /**
   * `object`, when given, is `value` as an object, handed over: it travels with the live event
   * (StoreEvent.object) and the caller must not change it afterwards.
   */
  create(key: string, value: string, object?: Record<string, unknown>): Promise<WriteResult>;
  /** Update only if the key's current revision is `expectedRevision` (0: any). `object` as for create. */
  update(key: string, value: string, expectedRevision: number, object?: Record<string, unknown>): Promise<WriteResult>;
  /** Delete only if the key's current revision is `expectedRevision` (0: any). */
  delete(key: string, expectedRevision: number): Promise<WriteResult>;
  /** Events for keys under `prefix` with revision > `fromRevision`. Throws CompactedError if they are gone. */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watcher;
  currentRevision(): Promise<number>;
  compactedRevision(): number;
  /** Drop events at or below `revision` (default: all but the retained window), in small batches. */
  compact(revision?: number): Promise<CompactResult>;
  close(): Promise<void>;
}

export class CompactedError extends Error {
  readonly requested: number;
  readonly compacted: number;
  constructor(requested: number, compacted: number) {
    super(`too old resource version: ${requested} (${compacted})`);
    this.name = 'CompactedError';
    this.requested = requested;
    this.compacted = compacted;
  }
}
