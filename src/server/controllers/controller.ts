import type { Logger } from '../../log.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerSpec {
  name: string;
  /** Converges one key; throwing re-queues it with back-off. */
  reconcile(key: string): Promise<void>;
  /** Starts the watches that enqueue keys; returns what stops them. */
  watch(enqueue: (key: string) => void): () => void;
  /** Keys to re-check on every resync. */
  resyncKeys?(): string[];
  resyncMs?: number;
  workers?: number;
}

export interface RunningController {
  queue: WorkQueue;
  stop(): void;
}

/** Runs a reconcile loop: handlers only enqueue, workers reconcile, errors back off and are logged. */
export function runController(spec: ControllerSpec, log: Logger): RunningController {
  const queue = new WorkQueue();
  const clog = log.child({ controller: spec.name });
  const stopWatch = spec.watch((key) => queue.add(key));
  let resync: NodeJS.Timeout | undefined;
  if (spec.resyncKeys) {
    resync = setInterval(() => {
      try {
        for (const key of spec.resyncKeys!()) queue.add(key);
      } catch (err) {
        clog.error('resync failed', { error: String(err) });
      }
    }, spec.resyncMs ?? 30_000);
    resync.unref();
    for (const key of spec.resyncKeys()) queue.add(key);
  }
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await spec.reconcile(key);
        queue.forget(key);
      } catch (err) {
        clog.warn('reconcile failed; will retry', { key, error: err instanceof Error ? err.message : String(err) });
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  for (let i = 0; i < (spec.workers ?? 1); i++) void worker();
  return {
    queue,
    stop() {
      stopWatch();
      if (resync) clearInterval(resync);
      queue.shutdown();
    },
  };
}

/** "ns/name" or "name". */
export function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return obj.metadata?.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : `${obj.metadata?.name}`;
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}
