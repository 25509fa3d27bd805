/**
 * core/v1 Events from the kubelet, aggregated as upstream does: the same reason, object and
 * message within 10 minutes bumps `count` and `lastTimestamp` of the existing Event.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../client/index.js';
import type { Logger } from '../log.js';
import { rfc3339, type Clock } from './clock.js';
import type { Obj } from './types.js';

const AGGREGATE_MS = 10 * 60 * 1000;

export interface EventInput {
  pod: Obj;
  /** e.g. `spec.containers{web}`. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  last: number;
}

export class EventRecorder {
  readonly #client: KubeClient;
  readonly #nodeName: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #seen = new Map<string, Seen>();
  #chain: Promise<void> = Promise.resolve();

  constructor(client: KubeClient, nodeName: string, clock: Clock, log: Logger) {
    this.#client = client;
    this.#nodeName = nodeName;
    this.#clock = clock;
    this.#log = log;
  }

  /** Queues the event; never throws (a lost event is logged). */
  record(e: EventInput): void {
    this.#chain = this.#chain.then(() => this.#write(e)).catch((err: Error) => {
      this.#log.warn('cannot write event', { reason: e.reason, pod: `${e.pod.metadata.namespace}/${e.pod.metadata.name}`, error: err.message });
    });
  }

  /**
   * The pod is gone: its aggregation entries go too (after the events queued for it), rather
   * than staying for 10 minutes.
   */
  forgetPod(uid: string): void {
    const prefix = `${uid}\u0000`;
    this.#chain = this.#chain.then(() => {
      for (const key of this.#seen.keys()) if (key.startsWith(prefix)) this.#seen.delete(key);
    });
  }

  /** Aggregation entries held (tests). */
  get size(): number {
    return this.#seen.size;
  }

  /** Resolves once every queued event is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(e: EventInput): Promise<void> {
    const meta = e.pod.metadata;
    const key = [meta.uid, e.fieldPath ?? '', e.reason, e.type, e.message].join('\u0000');
    const now = this.#clock.now();
    const seen = this.#seen.get(key);
    if (seen && now - seen.last < AGGREGATE_MS) {
      seen.count += 1;
      seen.last = now;
      const path = `/api/v1/namespaces/${seen.namespace}/events/${seen.name}`;
      const res = await this.#client.request('PATCH', path, {
        contentType: 'application/merge-patch+json',
        body: { count: seen.count, lastTimestamp: rfc3339(now) },
      });
      if (res.status < 300) return;
      this.#seen.delete(key);
    }
    this.#prune(now);
    const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
    await this.#client.call('POST', `/api/v1/namespaces/${meta.namespace}/events`, {
      body: {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace: meta.namespace },
        involvedObject: {
          kind: 'Pod', apiVersion: 'v1', namespace: meta.namespace, name: meta.name, uid: meta.uid,
          resourceVersion: meta.resourceVersion, ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
        },
        reason: e.reason, message: e.message, type: e.type, count: 1,
        firstTimestamp: rfc3339(now), lastTimestamp: rfc3339(now), eventTime: null,
        source: { component: 'kubelet', host: this.#nodeName },
        reportingComponent: 'kubelet', reportingInstance: this.#nodeName,
      },
    });
    this.#seen.set(key, { name, namespace: meta.namespace, count: 1, last: now });
  }

  #prune(now: number): void {
    if (this.#seen.size < 4096) return;
    for (const [k, v] of this.#seen) if (now - v.last >= AGGREGATE_MS) this.#seen.delete(k);
  }
}
