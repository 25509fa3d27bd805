/**
 * meta/v1 tables (object and list metadata, selectors, conditions, Status, DeleteOptions) and
 * the small subresource bodies built on them: policy/v1 Eviction, autoscaling/v1 Scale,
 * authentication/v1 TokenRequest.
 */
import type { TypeRegistry } from './format.js';
import { ATOMIC, REQ, TYPE_META, list, map, mergeList, ref } from './core-v1-helpers.js';

export const META_V1: TypeRegistry = {
  'meta.v1.ObjectMeta': {
    name: ['string', 1],
    generateName: ['string', 2],
    namespace: ['string', 3],
    selfLink: ['string', 4],
    uid: ['string', 5],
    resourceVersion: ['string', 6],
    generation: ['int64', 7],
    creationTimestamp: ['time', 8],
    deletionTimestamp: ['time', 9],
    deletionGracePeriodSeconds: ['int64', 10],
    labels: [map('string'), 11],
    annotations: [map('string'), 12],
    ownerReferences: [list(ref('meta.v1.OwnerReference')), 13, mergeList('uid')],
    finalizers: [list('string'), 14, { patchStrategy: 'merge', listType: 'set' }],
    managedFields: [list(ref('meta.v1.ManagedFieldsEntry')), 17, ATOMIC],
  },
  'meta.v1.ListMeta': {
    selfLink: ['string', 1],
    resourceVersion: ['string', 2],
    continue: ['string', 3],
    remainingItemCount: ['int64', 4],
  },
  'meta.v1.OwnerReference': {
    apiVersion: ['string', 5, REQ],
    kind: ['string', 1, REQ],
    name: ['string', 3, REQ],
    uid: ['string', 4, REQ],
    controller: ['bool', 6],
    blockOwnerDeletion: ['bool', 7],
  },
  'meta.v1.ManagedFieldsEntry': {
    manager: ['string', 1],
    operation: ['string', 2, { enum: ['Apply', 'Update'] }],
    apiVersion: ['string', 3],
    time: ['time', 4],
    fieldsType: ['string', 6],
    fieldsV1: ['any', 7],
    subresource: ['string', 8],
  },
  'meta.v1.LabelSelector': {
    matchLabels: [map('string'), 1],
    matchExpressions: [list(ref('meta.v1.LabelSelectorRequirement')), 2, ATOMIC],
  },
  'meta.v1.LabelSelectorRequirement': {
    key: ['string', 1, REQ],
    operator: ['string', 2, REQ],
    values: [list('string'), 3, ATOMIC],
  },
  'meta.v1.Condition': {
    type: ['string', 1, REQ],
    status: ['string', 2, { required: true, enum: ['True', 'False', 'Unknown'] }],
    observedGeneration: ['int64', 3],
    lastTransitionTime: ['time', 4, REQ],
    reason: ['string', 5, REQ],
    message: ['string', 6, REQ],
  },
  'meta.v1.Status': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ListMeta'), 1],
    status: ['string', 2],
    message: ['string', 3],
    reason: ['string', 4],
    details: [ref('meta.v1.StatusDetails'), 5],
    code: ['int32', 6],
  },
  'meta.v1.StatusDetails': {
    name: ['string', 1],
    group: ['string', 2],
    kind: ['string', 3],
    uid: ['string', 6],
    causes: [list(ref('meta.v1.StatusCause')), 4, ATOMIC],
    retryAfterSeconds: ['int32', 5],
  },
  'meta.v1.StatusCause': {
    reason: ['string', 1],
    message: ['string', 2],
    field: ['string', 3],
  },
  'meta.v1.DeleteOptions': {
    ...TYPE_META,
    gracePeriodSeconds: ['int64', 1],
    preconditions: [ref('meta.v1.Preconditions'), 2],
    orphanDependents: ['bool', 3],
    propagationPolicy: ['string', 4, { enum: ['Orphan', 'Background', 'Foreground'] }],
    dryRun: [list('string'), 5, ATOMIC],
    ignoreStoreReadErrorWithClusterBreakingPotential: ['bool', 6],
  },
  'meta.v1.Preconditions': {
    uid: ['string', 1],
    resourceVersion: ['string', 2],
  },

  'policy.v1.Eviction': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    deleteOptions: [ref('meta.v1.DeleteOptions'), 2],
  },

  'autoscaling.v1.Scale': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    spec: [ref('autoscaling.v1.ScaleSpec'), 2],
    status: [ref('autoscaling.v1.ScaleStatus'), 3],
  },
  'autoscaling.v1.ScaleSpec': {
    replicas: ['int32', 1],
  },
  'autoscaling.v1.ScaleStatus': {
    replicas: ['int32', 1, REQ],
    selector: ['string', 2],
  },

  'authentication.v1.TokenRequest': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    spec: [ref('authentication.v1.TokenRequestSpec'), 2, REQ],
    status: [ref('authentication.v1.TokenRequestStatus'), 3],
  },
  'authentication.v1.TokenRequestSpec': {
    audiences: [list('string'), 1, { required: true, listType: 'atomic' }],
    expirationSeconds: ['int64', 4],
    boundObjectRef: [ref('authentication.v1.BoundObjectReference'), 3],
  },
  'authentication.v1.TokenRequestStatus': {
    token: ['string', 1, REQ],
    expirationTimestamp: ['time', 2, REQ],
  },
  'authentication.v1.BoundObjectReference': {
    kind: ['string', 1],
    apiVersion: ['string', 2],
    name: ['string', 3],
    uid: ['string', 4],
  },
};
