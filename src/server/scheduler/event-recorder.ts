import { NotFoundError } from '../../errors.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { nowTime } from '../rest/object-meta.js';

export type EventType = 'Normal' | 'Warning';

const MAX_REMEMBERED = 4096;

/**
 * Writes core/v1 Events about an object, aggregated as client-go's recorder does: the same
 * object, type, reason and message again bumps `count` and `lastTimestamp` instead of
 * adding an Event.
 */
export class EventRecorder {
  #client: InProcessClient;
  #component: string;
  #now: () => number;
  #seen = new Map<string, { namespace: string; name: string; count: number }>();
  #seq = 0;

  constructor(client: InProcessClient, component: string, options: { now?: () => number } = {}) {
    this.#client = client;
    this.#component = component;
    this.#now = options.now ?? Date.now;
  }

  async record(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const meta = obj.metadata ?? {};
    const namespace: string = meta.namespace || 'default';
    const key = `${meta.uid}\u0000${type}\u0000${reason}\u0000${message}`;
    const now = this.#now();
    const seen = this.#seen.get(key);
    if (seen) {
      try {
        seen.count++;
        await this.#client.patch('events', seen.namespace, seen.name, 'merge', { count: seen.count, lastTimestamp: nowTime(now) });
        return;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        this.#seen.delete(key);
      }
    }
    const name = `${meta.name}.${(BigInt(now) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)}`;
    await this.#client.create('events', namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.#component },
      reportingComponent: this.#component,
      reportingInstance: this.#component,
      firstTimestamp: nowTime(now),
      lastTimestamp: nowTime(now),
      count: 1,
    });
    this.#seen.set(key, { namespace, name, count: 1 });
    if (this.#seen.size > MAX_REMEMBERED) this.#seen.delete(this.#seen.keys().next().value!);
  }
}
