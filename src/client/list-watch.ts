/**
 * List + watch of one resource collection into a map keyed `<namespace>/<name>`: re-watches from
 * the last resourceVersion when a stream ends, re-lists on 410 Gone, backs off on errors (logged).
 */
import { KubeApiError, type KubeClient } from './kube-client.js';
import type { Logger } from '../log.js';

type Obj = Record<string, any>;

export type ListWatchClient = Pick<KubeClient, 'call' | 'watch'>;

export interface ResourceWatch {
  /** Current objects by `<namespace>/<name>` (`<name>` when cluster-scoped). Do not mutate. */
  readonly items: Map<string, Obj>;
  /** Resolves after the first list arrived. */
  synced: Promise<void>;
  stop(): void;
}

export function objectKey(obj: Obj): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj.metadata?.name);
}

export interface ListWatchOptions {
  /** Query for both the list and the watch, e.g. `fieldSelector=spec.nodeName%3Dn1`. */
  query?: string;
  /** Runs with every full list (at start and after each re-list) and is awaited before watching. */
  onList?: (items: Obj[]) => Promise<void>;
}

/** Watches `path` (a collection URL, no query); `onChange` runs after every list and every event. */
export function listWatch(client: ListWatchClient, path: string, log: Logger, onChange: (type: string, obj?: Obj) => void, options: ListWatchOptions = {}): ResourceWatch {
  const listPath = options.query ? `${path}?${options.query}` : path;
  const watchQuery = `${options.query ? `${options.query}&` : ''}watch=true&allowWatchBookmarks=true`;
  const items = new Map<string, Obj>();
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
          const list = await client.call('GET', listPath);
          rv = String(list.metadata?.resourceVersion ?? '');
          items.clear();
          for (const obj of list.items ?? []) items.set(objectKey(obj), obj);
          await options.onList?.(list.items ?? []);
          onChange('LIST');
          markSynced();
        }
        const stream = await client.watch(`${path}?${watchQuery}&resourceVersion=${rv}`, (e) => {
          if (e.type === 'ERROR') {
            if (e.object?.code === 410) {
              rv = undefined;
              stopStream?.();
            }
            return;
          }
          if (e.object?.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
          if (e.type === 'BOOKMARK') return;
          if (e.type === 'DELETED') items.delete(objectKey(e.object));
          else items.set(objectKey(e.object), e.object);
          onChange(e.type, e.object);
        });
        stopStream = stream.stop;
        if (stopped) stream.stop();
        const opened = Date.now();
        await stream.done;
        failures = 0;
        if (!stopped && Date.now() - opened < 1000) await pause(1000); // a server ending streams at once is not spun on
      } catch (err) {
        if (stopped) return;
        if (err instanceof KubeApiError && err.status === 410) {
          rv = undefined;
          continue;
        }
        failures += 1;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        log.warn('list/watch failed; retrying', { path, error: (err as Error).message, retryInMs: delay });
        rv = undefined;
        await pause(delay);
      }
    }
  };
  void run();
  return {
    items,
    synced,
    stop: () => {
      stopped = true;
      stopStream?.();
      wake?.();
    },
  };
}
