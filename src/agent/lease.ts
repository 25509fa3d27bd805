/** The node Lease in kube-node-lease: created once, renewTime bumped on every renewal. */
import { KubeApiError, type KubeClient } from '../client/index.js';
import { microTime, type Clock } from './clock.js';

export interface LeaseOptions {
  client: KubeClient;
  nodeName: string;
  nodeUid?: string;
  leaseDurationSeconds: number;
  clock: Clock;
}

export async function renewLease(o: LeaseOptions): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(o.nodeName)}`;
  const spec = { holderIdentity: o.nodeName, leaseDurationSeconds: o.leaseDurationSeconds, renewTime: microTime(o.clock.now()) };
  const res = await o.client.request('GET', path);
  if (res.status === 404) {
    const ownerReferences = o.nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: o.nodeName, uid: o.nodeUid }] : undefined;
    const created = await o.client.request('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: o.nodeName, namespace: 'kube-node-lease', ownerReferences }, spec },
    });
    if (created.status < 300 || created.status === 409) return;
    throw new KubeApiError(created.status, created.body);
  }
  if (res.status >= 300) throw new KubeApiError(res.status, res.body);
  await o.client.call('PUT', path, { body: { ...res.body, spec: { ...res.body.spec, ...spec } } });
}

/**
 * How often to renew the Lease: every 10 s (upstream's kubelet), or a quarter of the server's
 * grace period when that is shorter, so that a live node never looks silent to the node controller.
 */
export function leaseRenewIntervalMs(gracePeriodSeconds: number | undefined): number {
  if (!gracePeriodSeconds || !Number.isFinite(gracePeriodSeconds)) return 10_000;
  return Math.round(Math.min(10_000, Math.max(200, (gracePeriodSeconds * 1000) / 4)));
}
