/**
 * Type tables for events.k8s.io/v1: Event and EventSeries.
 * Field numbers follow upstream's events/v1 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

export const EVENTS_V1: TypeRegistry = {
  'events.v1.Event': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    eventTime: ['microTime', 2, { required: true, description: 'When the event was first seen.' }],
    series: [{ ref: 'events.v1.EventSeries' }, 3],
    reportingController: ['string', 4, { description: 'Controller that emitted the event, e.g. kubernetes.io/kubelet.' }],
    reportingInstance: ['string', 5],
    action: ['string', 6],
    reason: ['string', 7],
    regarding: [{ ref: 'core.v1.ObjectReference' }, 8, { description: 'Object the event is about.' }],
    related: [{ ref: 'core.v1.ObjectReference' }, 9],
    note: ['string', 10, { description: 'Human-readable detail.' }],
    type: ['string', 11, { description: 'Normal or Warning.' }],
    deprecatedSource: [{ ref: 'core.v1.EventSource' }, 12],
    deprecatedFirstTimestamp: ['time', 13],
    deprecatedLastTimestamp: ['time', 14],
    deprecatedCount: ['int32', 15],
  },
  'events.v1.EventList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'events.v1.Event' } }, 2, { required: true }],
  },
  'events.v1.EventSeries': {
    count: ['int32', 1, { required: true }],
    lastObservedTime: ['microTime', 2, { required: true }],
  },
};
