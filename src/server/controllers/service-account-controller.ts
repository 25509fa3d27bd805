import type { Logger } from '../../log.js';
import { AlreadyExistsError } from '../../errors.js';
import type { InProcessClient } from '../in-process-client.js';
import type { ControllerSpec } from './controller.js';

/** Every active namespace has a `default` ServiceAccount. */
export function serviceAccountController(client: InProcessClient, _log: Logger): ControllerSpec {
  return {
    name: 'serviceaccount',
    watch(enqueue) {
      const a = client.watch('namespaces', undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(e.object.metadata.name);
      });
      const b = client.watch('serviceaccounts', undefined, { fieldSelector: 'metadata.name=default' }, (e) => {
        if (e.type === 'DELETED') enqueue(e.object.metadata.namespace);
      });
      return () => {
        a.close();
        b.close();
      };
    },
    async reconcile(namespace) {
      const ns = client.tryGet('namespaces', undefined, namespace);
      if (!ns || ns.metadata.deletionTimestamp) return;
      if (client.tryGet('serviceaccounts', namespace, 'default')) return;
      try {
        await client.create('serviceaccounts', namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
      } catch (err) {
        if (!(err instanceof AlreadyExistsError) && (err as { code?: number }).code !== 403) throw err;
      }
    },
  };
}
