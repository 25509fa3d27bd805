import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { managesService, serviceBackends, targetRef, watchServicesAndPods } from './endpoints-controller-pods.js';

/** The v1 Endpoints subsets of a service: addresses grouped by the port set they resolve to. */
export function endpointSubsets(client: InProcessClient, svc: KubeObject): KubeObject[] {
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  const groups = new Map<string, KubeObject>();
  for (const b of serviceBackends(client, svc)) {
    if (b.terminating && !publishNotReady) continue;
    const ports = b.ports.filter((p): p is KubeObject => p !== undefined);
    if (ports.length === 0 && (svc.spec.ports ?? []).length > 0) continue;
    const id = JSON.stringify(ports);
    let subset = groups.get(id);
    if (!subset) groups.set(id, (subset = { addresses: [], notReadyAddresses: [], ports }));
    const address: KubeObject = { ip: b.ip };
    if (b.hostname) address.hostname = b.hostname;
    if (b.pod.spec?.nodeName) address.nodeName = b.pod.spec.nodeName;
    address.targetRef = targetRef(b.pod);
    (b.ready || publishNotReady ? subset.addresses : subset.notReadyAddresses).push(address);
  }
  return [...groups.values()].map((s) => {
    const out: KubeObject = {};
    if (s.addresses.length) out.addresses = s.addresses;
    if (s.notReadyAddresses.length) out.notReadyAddresses = s.notReadyAddresses;
    if (s.ports.length) out.ports = s.ports;
    return out;
  });
}

/**
 * v1 Endpoints named after each Service with a selector: the selected pods' IPs, ready ones
 * in `addresses`, others in `notReadyAddresses` (all in `addresses` with
 * `publishNotReadyAddresses`), terminating pods left out.
 */
export function endpointsController(client: InProcessClient, _log: Logger, _config?: ServerConfig): ControllerSpec {
  return {
    name: 'endpoints',
    watch: (enqueue) => watchServicesAndPods(client, enqueue),
    resyncKeys: () => client.list('services').map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
    resyncMs: 60_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const svc = client.tryGet('services', ns, name);
      const existing = client.tryGet('endpoints', ns, name);
      if (!svc || svc.metadata.deletionTimestamp) {
        // Endpoints of a deleted service go with it (a selector-less service's are the user's).
        if (existing && svc === undefined && !(ns === 'default' && name === 'kubernetes')) {
          await client.deleteIfPresent('endpoints', ns, name);
        }
        return;
      }
      if (!managesService(svc)) return;
      const subsets = endpointSubsets(client, svc);
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
      if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
      if (!existing) {
        await client.create('endpoints', ns, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels }, subsets });
        return;
      }
      if (jsonEqual(existing.subsets ?? [], subsets) && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
      await client.update('endpoints', { ...existing, metadata: { ...existing.metadata, labels }, subsets });
    },
  };
}
