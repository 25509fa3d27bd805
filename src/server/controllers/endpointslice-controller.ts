import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { managesService, serviceBackends, targetRef, watchServicesAndPods } from './endpoints-controller-pods.js';

const SLICES = 'endpointslices.discovery.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
const MAX_ENDPOINTS_PER_SLICE = 100;

interface DesiredSlice {
  ports?: KubeObject[];
  endpoints: KubeObject[];
}

/** The IPv4 slices a service should have: endpoints grouped by resolved port set, 100 a slice. */
export function desiredSlices(client: InProcessClient, svc: KubeObject): DesiredSlice[] {
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  const nodes = new Map<string, KubeObject | undefined>();
  const zoneOf = (nodeName: string) => {
    if (!nodes.has(nodeName)) nodes.set(nodeName, client.tryGet('nodes', undefined, nodeName));
    return nodes.get(nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'];
  };
  const groups = new Map<string, DesiredSlice>();
  for (const b of serviceBackends(client, svc)) {
    if (b.ip.includes(':')) continue;
    const ports = b.ports.filter((p): p is KubeObject => p !== undefined);
    if (ports.length === 0 && (svc.spec.ports ?? []).length > 0) continue;
    const id = JSON.stringify(ports);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { ports, endpoints: [] }));
    const endpoint: KubeObject = {
      addresses: [b.ip],
      conditions: { ready: publishNotReady || (b.ready && !b.terminating), serving: publishNotReady || b.ready, terminating: b.terminating },
      targetRef: targetRef(b.pod),
    };
    if (b.hostname) endpoint.hostname = b.hostname;
    if (b.pod.spec?.nodeName) {
      endpoint.nodeName = b.pod.spec.nodeName;
      const zone = zoneOf(b.pod.spec.nodeName);
      if (zone) endpoint.zone = zone;
    }
    group.endpoints.push(endpoint);
  }
  const out: DesiredSlice[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  // A service without endpoints keeps one empty placeholder slice, as upstream.
  if (out.length === 0) out.push({ endpoints: [] });
  return out;
}

/**
 * discovery.k8s.io/v1 EndpointSlices for each Service with a selector, named
 * `<service>-<5 random>`, labelled with the service name and this controller as manager,
 * owned by the Service; ready/serving/terminating conditions per pod.
 */
export function endpointSliceController(client: InProcessClient, _log: Logger, _config?: ServerConfig): ControllerSpec {
  return {
    name: 'endpointslice',
    watch: (enqueue) => watchServicesAndPods(client, enqueue),
    resyncKeys: () => client.list('services').map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
    resyncMs: 60_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const svc = client.tryGet('services', ns, name);
      const existing = client
        .list(SLICES, ns, { labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MANAGED_BY}` })
        .sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : a.metadata.name < b.metadata.name ? -1 : 1));
      const remove = async (slice: KubeObject) => {
        await client.deleteIfPresent(SLICES, ns, slice.metadata.name);
      };
      if (!svc || svc.metadata.deletionTimestamp || !managesService(svc)) {
        for (const s of existing) await remove(s);
        return;
      }
      const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
      if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
      const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true };
      const wanted = desiredSlices(client, svc);
      // Reuse slices with the same port set first, then any, then create.
      const pool = existing.filter((s) => s.metadata.ownerReferences?.some((o: KubeObject) => o.uid === svc.metadata.uid));
      const stale = existing.filter((s) => !pool.includes(s));
      const plans: [DesiredSlice, KubeObject | undefined][] = [];
      for (const w of wanted) {
        const i = pool.findIndex((s) => jsonEqual(s.ports ?? [], w.ports ?? []));
        plans.push([w, i >= 0 ? pool.splice(i, 1)[0] : undefined]);
      }
      for (const plan of plans) if (!plan[1] && pool.length) plan[1] = pool.shift();
      for (const [w, slice] of plans) {
        const body: KubeObject = { addressType: 'IPv4', endpoints: w.endpoints };
        if (w.ports) body.ports = w.ports;
        if (!slice) {
          await client.create(SLICES, ns, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace: ns, labels, ownerReferences: [owner] }, ...body });
          continue;
        }
        const same = jsonEqual(slice.endpoints ?? [], body.endpoints) && jsonEqual(slice.ports ?? [], body.ports ?? []) && jsonEqual(slice.metadata.labels ?? {}, labels);
        if (!same) {
          const { ports: _p, endpoints: _e, ...rest } = slice;
          await client.update(SLICES, { ...rest, ...body, metadata: { ...slice.metadata, labels } });
        }
      }
      for (const s of [...pool, ...stale]) await remove(s);
    },
  };
}
