import type { TypeRegistry } from '../../../src/api/types/format.js';

/** A small registry shaped like the real one, for schema tests. */
export const REGISTRY: TypeRegistry = {
  'meta.v1.ObjectMeta': {
    name: ['string', 1],
    generateName: ['string', 2],
    namespace: ['string', 3],
    labels: [{ map: 'string' }, 11],
    annotations: [{ map: 'string' }, 12],
    creationTimestamp: ['time', 8],
  },
  'meta.v1.LabelSelector': {
    matchLabels: [{ map: 'string' }, 1],
  },
  'core.v1.PodTemplateSpec': {
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'core.v1.PodSpec' }, 2],
  },
  'core.v1.PodSpec': {
    containers: [{ list: { ref: 'core.v1.Container' } }, 2, { required: true, mergeKey: 'name', patchStrategy: 'merge' }],
    restartPolicy: ['string', 3, { enum: ['Always', 'OnFailure', 'Never'] }],
  },
  'core.v1.Container': {
    name: ['string', 1, { required: true }],
    image: ['string', 2],
    ports: [{ list: { ref: 'core.v1.ContainerPort' } }, 6, { mergeKey: 'containerPort', patchStrategy: 'merge', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
    resources: [{ ref: 'core.v1.ResourceRequirements' }, 8],
    args: [{ list: 'string' }, 4],
  },
  'core.v1.ContainerPort': {
    containerPort: ['int32', 3, { required: true }],
    protocol: ['string', 4, { enum: ['TCP', 'UDP', 'SCTP'] }],
  },
  'core.v1.ResourceRequirements': {
    limits: [{ map: 'quantity' }, 1],
  },
  'apps.v1.Deployment': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'apps.v1.DeploymentSpec' }, 2],
  },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2, { required: true }],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3, { required: true }],
    maxUnavailable: ['intOrString', 4],
    data: ['bytes', 5],
    extra: ['any', 6],
  },
};
