import type { Logger } from '../log.js';
import { AlreadyExistsError } from '../errors.js';
import type { InProcessClient } from './in-process-client.js';

const NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Objects every cluster has from the start. Idempotent: existing ones are left alone. */
export async function bootstrapObjects(client: InProcessClient, log: Logger): Promise<void> {
  for (const name of NAMESPACES) {
    if (client.tryGet('namespaces', undefined, name)) continue;
    try {
      await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      log.debug('created namespace', { name });
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }
}
