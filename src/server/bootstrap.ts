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

/** The `kubernetes` Service in `default`, and its Endpoints pointing at this API server. */
export async function ensureKubernetesService(client: InProcessClient, clusterIp: string, hostIp: string, port: number): Promise<void> {
  if (!client.tryGet('services', 'default', 'kubernetes')) {
    await client.create('services', 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: clusterIp, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }], sessionAffinity: 'None', type: 'ClusterIP' },
    });
  }
  const subsets = [{ addresses: [{ ip: hostIp }], ports: [{ name: 'https', port, protocol: 'TCP' }] }];
  const current = client.tryGet('endpoints', 'default', 'kubernetes');
  if (!current) {
    await client.create('endpoints', 'default', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' }, subsets });
  } else if (JSON.stringify(current.subsets) !== JSON.stringify(subsets)) {
    current.subsets = subsets;
    await client.update('endpoints', current);
  }
}
