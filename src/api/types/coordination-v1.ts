/**
 * Type tables for coordination.k8s.io/v1: Lease.
 * Field numbers follow upstream's coordination/v1 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

export const COORDINATION_V1: TypeRegistry = {
  'coordination.v1.Lease': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'coordination.v1.LeaseSpec' }, 2],
  },
  'coordination.v1.LeaseList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'coordination.v1.Lease' } }, 2, { required: true }],
  },
  'coordination.v1.LeaseSpec': {
    holderIdentity: ['string', 1, { description: 'Who holds the lease now.' }],
    leaseDurationSeconds: ['int32', 2, { description: 'Seconds after renewTime before others may take the lease.' }],
    acquireTime: ['microTime', 3],
    renewTime: ['microTime', 4],
    leaseTransitions: ['int32', 5, { description: 'How many times the holder has changed.' }],
    strategy: ['string', 6, { description: 'Leader selection strategy for coordinated leader election.' }],
    preferredHolder: ['string', 7, { description: 'Holder the current one should hand over to.' }],
  },
};
