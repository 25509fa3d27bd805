/**
 * Type tables for apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision.
 * Field numbers follow upstream's apps/v1 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

const CONDITION_LIST = {
  mergeKey: 'type',
  patchStrategy: 'merge',
  listType: 'map',
  listMapKeys: ['type'],
} as const;

export const APPS_V1: TypeRegistry = {
  // --- Deployment ---
  'apps.v1.Deployment': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'apps.v1.DeploymentSpec' }, 2, { description: 'Desired state of the Deployment.' }],
    status: [{ ref: 'apps.v1.DeploymentStatus' }, 3, { description: 'Last observed state, written by the controller.' }],
  },
  'apps.v1.DeploymentList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'apps.v1.Deployment' } }, 2, { required: true }],
  },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1, { description: 'Number of pods wanted; 1 when unset.' }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2, { required: true, description: 'Selects the pods this Deployment owns; must match the template labels.' }],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3, { required: true, description: 'Pod template stamped into each ReplicaSet.' }],
    strategy: [{ ref: 'apps.v1.DeploymentStrategy' }, 4, { patchStrategy: 'retainKeys', description: 'How old pods are replaced by new ones.' }],
    minReadySeconds: ['int32', 5, { description: 'Seconds a ready pod must stay up before it counts as available.' }],
    revisionHistoryLimit: ['int32', 6, { description: 'Old ReplicaSets kept for rollback; 10 when unset.' }],
    paused: ['bool', 7, { description: 'While true, template changes do not roll out.' }],
    progressDeadlineSeconds: ['int32', 9, { description: 'Seconds without progress before the rollout is reported as failed; 600 when unset.' }],
    podReplacementPolicy: ['string', 10, { enum: ['TerminationStarted', 'TerminationComplete'], description: 'When replacement pods are created relative to the termination of old ones.' }],
  },
  'apps.v1.DeploymentStrategy': {
    type: ['string', 1, { enum: ['Recreate', 'RollingUpdate'], description: 'Recreate or RollingUpdate (the default).' }],
    rollingUpdate: [{ ref: 'apps.v1.RollingUpdateDeployment' }, 2, { description: 'Parameters used when type is RollingUpdate.' }],
  },
  'apps.v1.RollingUpdateDeployment': {
    maxUnavailable: ['intOrString', 1, { description: 'Pods (count or percentage) that may be unavailable during the update; 25% when unset.' }],
    maxSurge: ['intOrString', 2, { description: 'Pods (count or percentage) allowed above the desired count during the update; 25% when unset.' }],
  },
  'apps.v1.DeploymentStatus': {
    observedGeneration: ['int64', 1],
    replicas: ['int32', 2],
    updatedReplicas: ['int32', 3],
    readyReplicas: ['int32', 7],
    availableReplicas: ['int32', 4],
    unavailableReplicas: ['int32', 5],
    terminatingReplicas: ['int32', 9],
    conditions: [{ list: { ref: 'apps.v1.DeploymentCondition' } }, 6, CONDITION_LIST],
    collisionCount: ['int32', 8],
  },
  'apps.v1.DeploymentCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastUpdateTime: ['time', 6],
    lastTransitionTime: ['time', 7],
    reason: ['string', 4],
    message: ['string', 5],
  },

  // --- ReplicaSet ---
  'apps.v1.ReplicaSet': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'apps.v1.ReplicaSetSpec' }, 2],
    status: [{ ref: 'apps.v1.ReplicaSetStatus' }, 3],
  },
  'apps.v1.ReplicaSetList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'apps.v1.ReplicaSet' } }, 2, { required: true }],
  },
  'apps.v1.ReplicaSetSpec': {
    replicas: ['int32', 1, { description: 'Number of pods wanted; 1 when unset.' }],
    minReadySeconds: ['int32', 4],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2, { required: true }],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3],
  },
  'apps.v1.ReplicaSetStatus': {
    replicas: ['int32', 1, { required: true }],
    fullyLabeledReplicas: ['int32', 2],
    readyReplicas: ['int32', 4],
    availableReplicas: ['int32', 5],
    terminatingReplicas: ['int32', 7],
    observedGeneration: ['int64', 3],
    conditions: [{ list: { ref: 'apps.v1.ReplicaSetCondition' } }, 6, CONDITION_LIST],
  },
  'apps.v1.ReplicaSetCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastTransitionTime: ['time', 3],
    reason: ['string', 4],
    message: ['string', 5],
  },

  // --- DaemonSet ---
  'apps.v1.DaemonSet': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'apps.v1.DaemonSetSpec' }, 2],
    status: [{ ref: 'apps.v1.DaemonSetStatus' }, 3],
  },
  'apps.v1.DaemonSetList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'apps.v1.DaemonSet' } }, 2, { required: true }],
  },
  'apps.v1.DaemonSetSpec': {
    selector: [{ ref: 'meta.v1.LabelSelector' }, 1, { required: true }],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 2, { required: true, description: 'Pod run once on every eligible node.' }],
    updateStrategy: [{ ref: 'apps.v1.DaemonSetUpdateStrategy' }, 3],
    minReadySeconds: ['int32', 4],
    revisionHistoryLimit: ['int32', 6],
  },
  'apps.v1.DaemonSetUpdateStrategy': {
    type: ['string', 1, { enum: ['RollingUpdate', 'OnDelete'] }],
    rollingUpdate: [{ ref: 'apps.v1.RollingUpdateDaemonSet' }, 2],
  },
  'apps.v1.RollingUpdateDaemonSet': {
    maxUnavailable: ['intOrString', 1],
    maxSurge: ['intOrString', 2],
  },
  'apps.v1.DaemonSetStatus': {
    currentNumberScheduled: ['int32', 1, { required: true }],
    numberMisscheduled: ['int32', 2, { required: true }],
    desiredNumberScheduled: ['int32', 3, { required: true }],
    numberReady: ['int32', 4, { required: true }],
    observedGeneration: ['int64', 5],
    updatedNumberScheduled: ['int32', 6],
    numberAvailable: ['int32', 7],
    numberUnavailable: ['int32', 8],
    collisionCount: ['int32', 9],
    conditions: [{ list: { ref: 'apps.v1.DaemonSetCondition' } }, 10, CONDITION_LIST],
  },
  'apps.v1.DaemonSetCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastTransitionTime: ['time', 3],
    reason: ['string', 4],
    message: ['string', 5],
  },

  // --- StatefulSet ---
  'apps.v1.StatefulSet': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'apps.v1.StatefulSetSpec' }, 2],
    status: [{ ref: 'apps.v1.StatefulSetStatus' }, 3],
  },
  'apps.v1.StatefulSetList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'apps.v1.StatefulSet' } }, 2, { required: true }],
  },
  'apps.v1.StatefulSetSpec': {
    replicas: ['int32', 1, { description: 'Number of pods wanted; 1 when unset.' }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2, { required: true }],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3, { required: true }],
    volumeClaimTemplates: [{ list: { ref: 'core.v1.PersistentVolumeClaim' } }, 4, { listType: 'atomic', description: 'Claims created per pod and mounted by name.' }],
    serviceName: ['string', 5, { description: 'Headless service giving each pod its stable DNS name.' }],
    podManagementPolicy: ['string', 6, { enum: ['OrderedReady', 'Parallel'] }],
    updateStrategy: [{ ref: 'apps.v1.StatefulSetUpdateStrategy' }, 7],
    revisionHistoryLimit: ['int32', 8],
    minReadySeconds: ['int32', 9],
    persistentVolumeClaimRetentionPolicy: [{ ref: 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy' }, 10],
    ordinals: [{ ref: 'apps.v1.StatefulSetOrdinals' }, 11],
  },
  'apps.v1.StatefulSetUpdateStrategy': {
    type: ['string', 1, { enum: ['RollingUpdate', 'OnDelete'] }],
    rollingUpdate: [{ ref: 'apps.v1.RollingUpdateStatefulSetStrategy' }, 2],
  },
  'apps.v1.RollingUpdateStatefulSetStrategy': {
    partition: ['int32', 1, { description: 'Only pods with an ordinal at or above this are updated.' }],
    maxUnavailable: ['intOrString', 2],
  },
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': {
    whenDeleted: ['string', 1, { enum: ['Retain', 'Delete'] }],
    whenScaled: ['string', 2, { enum: ['Retain', 'Delete'] }],
  },
  'apps.v1.StatefulSetOrdinals': {
    start: ['int32', 1, { description: 'Index of the first replica; 0 when unset.' }],
  },
  'apps.v1.StatefulSetStatus': {
    observedGeneration: ['int64', 1],
    replicas: ['int32', 2, { required: true }],
    readyReplicas: ['int32', 3],
    currentReplicas: ['int32', 4],
    updatedReplicas: ['int32', 5],
    currentRevision: ['string', 6],
    updateRevision: ['string', 7],
    collisionCount: ['int32', 9],
    conditions: [{ list: { ref: 'apps.v1.StatefulSetCondition' } }, 10, CONDITION_LIST],
    availableReplicas: ['int32', 11],
  },
  'apps.v1.StatefulSetCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastTransitionTime: ['time', 3],
    reason: ['string', 4],
    message: ['string', 5],
  },

  // --- ControllerRevision ---
  'apps.v1.ControllerRevision': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    data: ['any', 2, { description: 'Serialized snapshot of the owner state.' }],
    revision: ['int64', 3, { required: true }],
  },
  'apps.v1.ControllerRevisionList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'apps.v1.ControllerRevision' } }, 2, { required: true }],
  },
};
