import type { TypeRegistry } from '../../../src/api/types/format.js';

/** A small hand-written slice of the real tables, enough to exercise every strategy. */
export const registry: TypeRegistry = {
  'apps.v1.Deployment': {
    apiVersion: ['string', 1],
    kind: ['string', 2],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 3],
    spec: [{ ref: 'apps.v1.DeploymentSpec' }, 4],
    status: [{ ref: 'apps.v1.DeploymentStatus' }, 5],
  },
  'meta.v1.ObjectMeta': {
    name: ['string', 1],
    namespace: ['string', 3],
    uid: ['string', 5],
    resourceVersion: ['string', 6],
    generation: ['int64', 7],
    creationTimestamp: ['time', 8],
    labels: [{ map: 'string' }, 11],
    annotations: [{ map: 'string' }, 12],
    ownerReferences: [{ list: { ref: 'meta.v1.OwnerReference' } }, 13, { mergeKey: 'uid', patchStrategy: 'merge' }],
    finalizers: [{ list: 'string' }, 14, { patchStrategy: 'merge' }],
    managedFields: [{ list: 'any' }, 17],
  },
  'meta.v1.OwnerReference': { uid: ['string', 4], name: ['string', 3], kind: ['string', 1] },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3],
    strategy: [{ ref: 'apps.v1.DeploymentStrategy' }, 4, { patchStrategy: 'retainKeys' }],
  },
  'meta.v1.LabelSelector': { matchLabels: [{ map: 'string' }, 1] },
  'apps.v1.DeploymentStrategy': { type: ['string', 1], rollingUpdate: [{ ref: 'apps.v1.RollingUpdateDeployment' }, 2] },
  'apps.v1.RollingUpdateDeployment': { maxUnavailable: ['intOrString', 1], maxSurge: ['intOrString', 2] },
  'apps.v1.DeploymentStatus': { replicas: ['int32', 2], readyReplicas: ['int32', 7] },
  'core.v1.PodTemplateSpec': { metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1], spec: [{ ref: 'core.v1.PodSpec' }, 2] },
  'core.v1.PodSpec': {
    containers: [{ list: { ref: 'core.v1.Container' } }, 2, { mergeKey: 'name', patchStrategy: 'merge' }],
    volumes: [{ list: { ref: 'core.v1.Volume' } }, 1, { mergeKey: 'name', patchStrategy: 'merge,retainKeys' }],
    nodeSelector: [{ map: 'string' }, 7],
    tolerations: [{ list: { ref: 'core.v1.Toleration' } }, 22],
  },
  'core.v1.Toleration': { key: ['string', 1], effect: ['string', 3] },
  'core.v1.Container': {
    name: ['string', 1],
    image: ['string', 2],
    args: [{ list: 'string' }, 4],
    ports: [{ list: { ref: 'core.v1.ContainerPort' } }, 6, { mergeKey: 'containerPort', patchStrategy: 'merge', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
    env: [{ list: { ref: 'core.v1.EnvVar' } }, 7, { mergeKey: 'name', patchStrategy: 'merge' }],
    volumeMounts: [{ list: { ref: 'core.v1.VolumeMount' } }, 9, { mergeKey: 'mountPath', patchStrategy: 'merge' }],
  },
  'core.v1.ContainerPort': { name: ['string', 1], containerPort: ['int32', 3], protocol: ['string', 4] },
  'core.v1.EnvVar': { name: ['string', 1], value: ['string', 2] },
  'core.v1.VolumeMount': { name: ['string', 1], mountPath: ['string', 3] },
  'core.v1.Volume': { name: ['string', 1], configMap: [{ ref: 'core.v1.ConfigMapVolumeSource' }, 2], emptyDir: [{ ref: 'core.v1.EmptyDirVolumeSource' }, 3] },
  'core.v1.ConfigMapVolumeSource': { name: ['string', 1] },
  'core.v1.EmptyDirVolumeSource': { medium: ['string', 1] },
};

export const DEPLOY = 'apps.v1.Deployment';
