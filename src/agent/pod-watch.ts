/**
 * List+watch of the pods bound to this node (`spec.nodeName=<node>`): re-watches from the last
 * resourceVersion when a stream ends, re-lists on 410 Gone, backs off on errors and logs them.
 */
import { KubeApiError, type KubeClient } from '../client/index.js';
import type { Logger } from '../log.js';
import type { Obj } from './types.js';

export interface PodWatchHandlers {
  /** A full list (at start and after every re-list). */
  onList(pods: Obj[]): Promise<void>;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Obj): void;
}

export interface PodWatch {
  /** Resolves after the first list was handled. */
  synced: Promise<void>;
  stop(): void;
}

export function watchNodePods(client: KubeClient, nodeName: string, log: Logger, handlers: PodWatchHandlers): PodWatch {
  const selector = encodeURIComponent(`spec.nodeName=${nodeName}`);
  let stopped = false;
  let stopStream: (() => void) | undefined;
  let wake: (() => void) | undefined;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const run = async () => {
    let failures = 0;
    let rv: string | undefined;
    while (!stopped) {
      try {
        if (!rv) {
          const list = await client.call('GET', `/api/v1/pods?fieldSelector=${selector}`);
          rv = list.metadata.resourceVersion;
          await handlers.onList(list.items ?? []);
          markSynced();
        }
        const path = `/api/v1/pods?fieldSelector=${selector}&watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`;
        const stream = await client.watch(path, (e) => {
          if (e.type === 'ERROR') {
            if (e.object?.code === 410) rv = undefined;
            return;
          }
          if (e.object?.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
          if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') handlers.onEvent(e.type, e.object);
        });
        stopStream = stream.stop;
        if (stopped) stream.stop();
        const opened = Date.now();
        await stream.done;
        failures = 0;
        if (!stopped && Date.now() - opened < 1000) await pause(1000); // a server ending streams at once is not spun on
        if (!stopped) log.debug('pod watch ended; watching again', { resourceVersion: rv ?? 'relist' });
      } catch (err) {
        if (stopped) return;
        if (err instanceof KubeApiError && err.status === 410) {
          rv = undefined;
          continue;
        }
        failures += 1;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        log.warn('pod list/watch failed; retrying', { error: (err as Error).message, retryInMs: delay });
        rv = undefined;
        await pause(delay);
      }
    }
  };
  void run();
  return {
    synced,
    stop: () => {
      stopped = true;
      stopStream?.();
      wake?.();
    },
  };
}
