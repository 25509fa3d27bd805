import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { ControllerSpec } from './controller.js';
import { resourcePrefix } from '../rest/resource-key.js';

/**
 * Namespace lifecycle: a namespace being deleted stays Terminating while its content is
 * deleted; once nothing is left, its `kubernetes` finalizer is removed and it goes.
 */
export function namespaceController(client: InProcessClient, _log: Logger): ControllerSpec {
  const namespaced = uniqueStorage(client).filter((r) => r.namespaced);
  return {
    name: 'namespace',
    watch(enqueue) {
      const stream = client.watch('namespaces', undefined, {}, (e) => {
        if (e.object.metadata?.deletionTimestamp) enqueue(e.object.metadata.name);
      });
      // Content disappearing in a terminating namespace re-triggers it.
      const unsubscribe = client.api.cache.subscribe((e) => {
        if (e.type !== 'DELETED') return;
        const ns = e.obj.metadata?.namespace;
        if (ns && client.api.cache.get(`/registry/core/namespaces/${ns}`)?.obj.metadata?.deletionTimestamp) enqueue(ns);
      });
      return () => {
        stream.close();
        unsubscribe();
      };
    },
    resyncKeys: () => client.list('namespaces').filter((n) => n.metadata.deletionTimestamp).map((n) => n.metadata.name),
    resyncMs: 5_000,
    async reconcile(name) {
      const ns = client.tryGet('namespaces', undefined, name);
      if (!ns?.metadata.deletionTimestamp) return;
      let remaining = 0;
      for (const info of namespaced) {
        for (const item of client.list(info, name)) {
          remaining++;
          if (item.metadata.deletionTimestamp) continue;
          await client.deleteIfPresent(info, name, item.metadata.name, { propagationPolicy: 'Background' });
        }
      }
      if (remaining > 0) {
        // Left for the watch above (or the resync) to bring back once things are gone.
        const still = namespaced.reduce((n, info) => n + client.list(info, name).length, 0);
        if (still > 0) return;
      }
      if ((ns.spec?.finalizers ?? []).includes('kubernetes')) {
        ns.spec.finalizers = ns.spec.finalizers.filter((f: string) => f !== 'kubernetes');
        await client.update('namespaces', ns);
      }
    },
  };
}

/** One ResourceInfo per storage prefix (autoscaling v1 and v2 share one). */
export function uniqueStorage(client: InProcessClient) {
  const seen = new Set<string>();
  return client.api.resources.all.filter((r) => {
    const p = resourcePrefix(r);
    if (seen.has(p)) return false;
    seen.add(p);
    return true;
  });
}
