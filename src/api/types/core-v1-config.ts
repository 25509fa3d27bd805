/** core/v1 tables for Namespace, ConfigMap, Secret, ServiceAccount, Event and object references. */
import type { TypeRegistry } from './format.js';
import { ATOMIC, REQ, TYPE_META, list, map, mergeList, ref } from './core-v1-helpers.js';

export const CORE_V1_CONFIG: TypeRegistry = {
  'core.v1.Namespace': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    spec: [ref('core.v1.NamespaceSpec'), 2],
    status: [ref('core.v1.NamespaceStatus'), 3],
  },
  'core.v1.NamespaceSpec': {
    finalizers: [list('string'), 1, ATOMIC],
  },
  'core.v1.NamespaceStatus': {
    phase: ['string', 1, { enum: ['Active', 'Terminating'] }],
    conditions: [list(ref('core.v1.NamespaceCondition')), 2, mergeList('type')],
  },
  'core.v1.NamespaceCondition': {
    type: ['string', 1, REQ],
    status: ['string', 2, REQ],
    lastTransitionTime: ['time', 4],
    reason: ['string', 5],
    message: ['string', 6],
  },
  'core.v1.ConfigMap': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    immutable: ['bool', 4],
    data: [map('string'), 2],
    binaryData: [map('bytes'), 3],
  },
  'core.v1.Secret': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    immutable: ['bool', 5],
    data: [map('bytes'), 2],
    stringData: [map('string'), 4],
    type: ['string', 3],
  },
  'core.v1.ServiceAccount': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    secrets: [list(ref('core.v1.ObjectReference')), 2, mergeList('name')],
    imagePullSecrets: [list(ref('core.v1.LocalObjectReference')), 3, ATOMIC],
    automountServiceAccountToken: ['bool', 4],
  },
  'core.v1.Event': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1, REQ],
    involvedObject: [ref('core.v1.ObjectReference'), 2, REQ],
    reason: ['string', 3],
    message: ['string', 4],
    source: [ref('core.v1.EventSource'), 5],
    firstTimestamp: ['time', 6],
    lastTimestamp: ['time', 7],
    count: ['int32', 8],
    type: ['string', 9],
    eventTime: ['microTime', 10],
    series: [ref('core.v1.EventSeries'), 11],
    action: ['string', 12],
    related: [ref('core.v1.ObjectReference'), 13],
    reportingComponent: ['string', 14],
    reportingInstance: ['string', 15],
  },
  'core.v1.EventSource': {
    component: ['string', 1],
    host: ['string', 2],
  },
  'core.v1.EventSeries': {
    count: ['int32', 1],
    lastObservedTime: ['microTime', 2],
  },
  'core.v1.ObjectReference': {
    kind: ['string', 1],
    namespace: ['string', 2],
    name: ['string', 3],
    uid: ['string', 4],
    apiVersion: ['string', 5],
    resourceVersion: ['string', 6],
    fieldPath: ['string', 7],
  },
  'core.v1.LocalObjectReference': {
    name: ['string', 1],
  },
};
