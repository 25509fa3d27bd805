/**
 * Type tables for discovery.k8s.io/v1: EndpointSlice and its parts.
 * Field numbers follow upstream's discovery/v1 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

export const DISCOVERY_V1: TypeRegistry = {
  'discovery.v1.EndpointSlice': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    addressType: ['string', 4, { required: true, enum: ['IPv4', 'IPv6', 'FQDN'], description: 'Kind of address every endpoint of the slice carries.' }],
    endpoints: [{ list: { ref: 'discovery.v1.Endpoint' } }, 2, { required: true, listType: 'atomic' }],
    ports: [{ list: { ref: 'discovery.v1.EndpointPort' } }, 3, { listType: 'atomic' }],
  },
  'discovery.v1.EndpointSliceList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'discovery.v1.EndpointSlice' } }, 2, { required: true }],
  },
  'discovery.v1.Endpoint': {
    addresses: [{ list: 'string' }, 1, { required: true, listType: 'set', description: 'Addresses of this backend, of the slice addressType.' }],
    conditions: [{ ref: 'discovery.v1.EndpointConditions' }, 2],
    hostname: ['string', 3],
    targetRef: [{ ref: 'core.v1.ObjectReference' }, 4, { description: 'Object (usually a Pod) behind this endpoint.' }],
    deprecatedTopology: [{ map: 'string' }, 5],
    nodeName: ['string', 6],
    zone: ['string', 7],
    hints: [{ ref: 'discovery.v1.EndpointHints' }, 8],
  },
  'discovery.v1.EndpointConditions': {
    ready: ['bool', 1],
    serving: ['bool', 2],
    terminating: ['bool', 3],
  },
  'discovery.v1.EndpointHints': {
    forZones: [{ list: { ref: 'discovery.v1.ForZone' } }, 1, { listType: 'atomic' }],
    forNodes: [{ list: { ref: 'discovery.v1.ForNode' } }, 2, { listType: 'atomic' }],
  },
  'discovery.v1.ForZone': {
    name: ['string', 1, { required: true }],
  },
  'discovery.v1.ForNode': {
    name: ['string', 1, { required: true }],
  },
  'discovery.v1.EndpointPort': {
    name: ['string', 1],
    protocol: ['string', 2, { enum: ['TCP', 'UDP', 'SCTP'] }],
    port: ['int32', 3],
    appProtocol: ['string', 4],
  },
};
