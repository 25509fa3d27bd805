/**
 * List+watch of one resource across namespaces, into a ClusterIndex: re-watches from the last
 * resourceVersion when a stream ends, re-lists on 410 Gone, backs off on errors and logs them.
 */
import { KubeApiError, type KubeClient } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { ClusterIndex, WatchedKind } from './cluster-index.js';

export const WATCH_PATHS: Record<WatchedKind, string> = {
  services: '/api/v1/services',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  pods: '/api/v1/pods',
};

export interface ResourceWatch {
  /** Resolves after the first list went into the index. */
  synced: Promise<void>;
  stop(): void;
}

export function watchResource(client: KubeClient, kind: WatchedKind, index: ClusterIndex, log: Logger): ResourceWatch {
  const path = WATCH_PATHS[kind];
  let stopped = false;
  let stopStream: (() => void) | undefined;
  let wake: (() => void) | undefined;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
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
          const list = await client.call('GET', path);
          rv = list.metadata.resourceVersion;
          index.replace(kind, list.items ?? []);
          markSynced();
        }
        const stream = await client.watch(`${path}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`, (e) => {
          if (e.type === 'ERROR') {
            if (e.object?.code === 410) rv = undefined;
            return;
          }
          if (e.object?.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
          if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') index.apply(kind, e.type, e.object);
        });
        stopStream = stream.stop;
        if (stopped) stream.stop();
        const opened = Date.now();
        await stream.done;
        failures = 0;
        if (!stopped && Date.now() - opened < 1000) await pause(1000); // a server ending streams at once is not spun on
        if (!stopped) log.debug('watch ended; watching again', { resource: kind, resourceVersion: rv ?? 'relist' });
      } catch (err) {
        if (stopped) return;
        if (err instanceof KubeApiError && err.status === 410) {
          rv = undefined;
          continue;
        }
        failures += 1;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        log.warn('list/watch failed; retrying', { resource: kind, error: (err as Error).message, retryInMs: delay });
        rv = undefined;
        await pause(delay);
      }
    }
  };
  void run();
  return {
    synced,
    stop() {
      stopped = true;
      stopStream?.();
      wake?.();
    },
  };
}
