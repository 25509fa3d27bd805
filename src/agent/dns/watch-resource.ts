/** Keeps a ClusterIndex in step with one resource through the shared list+watch (src/client). */
import { listWatch, type KubeClient, type ResourceWatch } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { ClusterIndex, WatchedKind } from './cluster-index.js';

export const WATCH_PATHS: Record<WatchedKind, string> = {
  services: '/api/v1/services',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  pods: '/api/v1/pods',
};

export function watchResource(client: KubeClient, kind: WatchedKind, index: ClusterIndex, log: Logger): Pick<ResourceWatch, 'synced' | 'stop'> {
  const watch = listWatch(client, WATCH_PATHS[kind], log, (type, obj) => {
    if (type === 'LIST') index.replace(kind, [...watch.items.values()]);
    else if (obj && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) index.apply(kind, type, obj);
  });
  return watch;
}
