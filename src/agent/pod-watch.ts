/**
 * List+watch of the pods bound to this node (`spec.nodeName=<node>`), on the shared list-watch
 * loop (re-watch from the last resourceVersion, re-list on 410 Gone, back-off on errors).
 */
import { listWatch, type KubeClient } from '../client/index.js';
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
  const watch = listWatch(
    client,
    '/api/v1/pods',
    log,
    (type, pod) => {
      if (pod && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) handlers.onEvent(type, pod);
    },
    { query: `fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`, onList: (pods) => handlers.onList(pods) },
  );
  return { synced: watch.synced, stop: watch.stop };
}
