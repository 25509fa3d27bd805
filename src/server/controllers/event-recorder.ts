import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { nowTime } from '../rest/object-meta.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  /** `source.component` and `reportingComponent`, e.g. "job-controller". */
  component: string;
  host?: string;
  /** Injected clock for tests. */
  now?: () => number;
  /**
   * Whether a repeat unknown to the in-memory index (after a restart, or past its 4,096
   * entries) is looked for with a field-selector list of the namespace's Events (default true).
   * The scheduler turns it off: its Scheduled events are new every time, and that list scans
   * every Event of the namespace.
   */
  listFallback?: boolean;
}

export interface EventRecorder {
  /** Writes (or bumps the count of) a core/v1 Event about `object`; never throws. */
  record(object: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): Promise<void>;
}

/** Events repeated within this window bump `count` instead of adding a new Event. */
const AGGREGATION_WINDOW_MS = 10 * 60_000;
const MAX_INDEX = 4096;

interface Seen {
  namespace: string;
  name: string;
  last: number;
}

/**
 * An event recorder in the shape of client-go's: one Event per (object, type, reason,
 * message) within ten minutes, its `count` and `lastTimestamp` bumped on repeats. A small
 * in-memory index finds the Event to bump; without an entry, a field-selector list does
 * (unless `listFallback` is off). Used by every controller and by the scheduler.
 */
export function createEventRecorder(client: InProcessClient, options: EventRecorderOptions): EventRecorder {
  const now = options.now ?? Date.now;
  const index = new Map<string, Seen>();
  let seq = 0;
  const source = options.host ? { component: options.component, host: options.host } : { component: options.component };

  const findExisting = (ns: string, ref: KubeObject, type: string, reason: string, message: string, key: string, t: number): KubeObject | undefined => {
    const seen = index.get(key);
    if (seen && t - seen.last < AGGREGATION_WINDOW_MS) {
      const ev = client.tryGet('events', seen.namespace, seen.name);
      if (ev) return ev;
    }
    if (options.listFallback === false) return undefined;
    const selector = [`involvedObject.name=${ref.name}`, `involvedObject.kind=${ref.kind}`, `reason=${reason}`, `type=${type}`];
    if (ref.uid) selector.push(`involvedObject.uid=${ref.uid}`);
    return client
      .list('events', ns, { fieldSelector: selector.join(',') })
      .filter((e) => e.message === message && e.source?.component === options.component && (e.involvedObject?.fieldPath ?? '') === (ref.fieldPath ?? ''))
      .filter((e) => t - Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? 0) < AGGREGATION_WINDOW_MS)
      .sort((a, b) => Date.parse(b.lastTimestamp) - Date.parse(a.lastTimestamp))[0];
  };

  return {
    async record(object, type, reason, message, fieldPath) {
      const meta = object.metadata ?? {};
      const ns = meta.namespace || 'default';
      // Only the fields that are set (the Event is handed over to the API uncopied, and a copy
      // through JSON is what used to drop the undefined ones).
      const ref: KubeObject = {};
      if (object.kind !== undefined) ref.kind = object.kind;
      if (meta.namespace !== undefined) ref.namespace = meta.namespace;
      if (meta.name !== undefined) ref.name = meta.name;
      if (meta.uid !== undefined) ref.uid = meta.uid;
      if (object.apiVersion !== undefined) ref.apiVersion = object.apiVersion;
      if (meta.resourceVersion !== undefined) ref.resourceVersion = meta.resourceVersion;
      if (fieldPath) ref.fieldPath = fieldPath;
      const key = [ns, ref.kind, ref.name, ref.uid, fieldPath ?? '', type, reason, message].join('\u0000');
      const t = now();
      try {
        const existing = findExisting(ns, ref, type, reason, message, key, t);
        if (existing) {
          existing.count = (existing.count ?? 1) + 1;
          existing.lastTimestamp = nowTime(t);
          const written = await client.update('events', existing);
          remember(index, key, { namespace: ns, name: written.metadata.name, last: t });
          return;
        }
        // As client-go names them: the object's name and the time in hex (here ms × 10⁶ plus a
        // sequence number, so names are unique and sort in the order the events were made).
        const name = `${meta.name}.${(BigInt(t) * 1_000_000n + BigInt(seq++ % 1_000_000)).toString(16)}`;
        const created = await client.createOwned('events', ns, {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: ns },
          involvedObject: ref,
          reason,
          message,
          type,
          source: { ...source },
          reportingComponent: options.component,
          reportingInstance: options.host ?? '',
          firstTimestamp: nowTime(t),
          lastTimestamp: nowTime(t),
          count: 1,
        });
        remember(index, key, { namespace: ns, name: created.name, last: t });
      } catch {
        // Events are best effort (a terminating namespace refuses them, a race conflicts).
      }
    },
  };
}

function remember(index: Map<string, Seen>, key: string, seen: Seen): void {
  index.delete(key);
  index.set(key, seen);
  if (index.size > MAX_INDEX) index.delete(index.keys().next().value!);
}
