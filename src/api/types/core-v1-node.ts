/** core/v1 node tables: Node, NodeSpec, NodeStatus and what they hold. */
import type { TypeRegistry } from './format.js';
import { ATOMIC, REQ, TYPE_META, list, map, mergeList, ref } from './core-v1-helpers.js';

export const CORE_V1_NODE: TypeRegistry = {
  'core.v1.Node': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    spec: [ref('core.v1.NodeSpec'), 2],
    status: [ref('core.v1.NodeStatus'), 3],
  },
  'core.v1.NodeSpec': {
    podCIDR: ['string', 1],
    podCIDRs: [list('string'), 7, { patchStrategy: 'merge', listType: 'set' }],
    providerID: ['string', 3],
    unschedulable: ['bool', 4],
    taints: [list(ref('core.v1.Taint')), 5, ATOMIC],
    configSource: [ref('core.v1.NodeConfigSource'), 6],
    externalID: ['string', 2],
  },
  'core.v1.Taint': {
    key: ['string', 1, REQ],
    value: ['string', 2],
    effect: ['string', 3, { required: true, enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] }],
    timeAdded: ['time', 4],
  },
  'core.v1.NodeConfigSource': {
    configMap: [ref('core.v1.ConfigMapNodeConfigSource'), 2],
  },
  'core.v1.ConfigMapNodeConfigSource': {
    namespace: ['string', 1, REQ],
    name: ['string', 2, REQ],
    uid: ['string', 3],
    resourceVersion: ['string', 4],
    kubeletConfigKey: ['string', 5, REQ],
  },
  'core.v1.NodeStatus': {
    capacity: [map('quantity'), 1],
    allocatable: [map('quantity'), 2],
    phase: ['string', 3, { enum: ['Pending', 'Running', 'Terminated'] }],
    conditions: [list(ref('core.v1.NodeCondition')), 4, mergeList('type')],
    addresses: [list(ref('core.v1.NodeAddress')), 5, mergeList('type')],
    daemonEndpoints: [ref('core.v1.NodeDaemonEndpoints'), 6],
    nodeInfo: [ref('core.v1.NodeSystemInfo'), 7],
    images: [list(ref('core.v1.ContainerImage')), 8, ATOMIC],
    volumesInUse: [list('string'), 9, ATOMIC],
    volumesAttached: [list(ref('core.v1.AttachedVolume')), 10, ATOMIC],
    config: [ref('core.v1.NodeConfigStatus'), 11],
    runtimeHandlers: [list(ref('core.v1.NodeRuntimeHandler')), 12, ATOMIC],
    features: [ref('core.v1.NodeFeatures'), 13],
    declaredFeatures: [list('string'), 14, ATOMIC],
  },
  'core.v1.NodeCondition': {
    type: ['string', 1, REQ],
    status: ['string', 2, REQ],
    lastHeartbeatTime: ['time', 3],
    lastTransitionTime: ['time', 4],
    reason: ['string', 5],
    message: ['string', 6],
  },
  'core.v1.NodeAddress': {
    type: ['string', 1, REQ],
    address: ['string', 2, REQ],
  },
  'core.v1.NodeDaemonEndpoints': {
    kubeletEndpoint: [ref('core.v1.DaemonEndpoint'), 1],
  },
  'core.v1.DaemonEndpoint': {
    Port: ['int32', 1, REQ],
  },
  'core.v1.NodeSystemInfo': {
    machineID: ['string', 1, REQ],
    systemUUID: ['string', 2, REQ],
    bootID: ['string', 3, REQ],
    kernelVersion: ['string', 4, REQ],
    osImage: ['string', 5, REQ],
    containerRuntimeVersion: ['string', 6, REQ],
    kubeletVersion: ['string', 7, REQ],
    kubeProxyVersion: ['string', 8, REQ],
    operatingSystem: ['string', 9, REQ],
    architecture: ['string', 10, REQ],
    swap: [ref('core.v1.NodeSwapStatus'), 11],
  },
  'core.v1.NodeSwapStatus': {
    capacity: ['int64', 1],
  },
  'core.v1.ContainerImage': {
    names: [list('string'), 1, ATOMIC],
    sizeBytes: ['int64', 2],
  },
  'core.v1.AttachedVolume': {
    name: ['string', 1, REQ],
    devicePath: ['string', 2, REQ],
  },
  'core.v1.NodeConfigStatus': {
    assigned: [ref('core.v1.NodeConfigSource'), 1],
    active: [ref('core.v1.NodeConfigSource'), 2],
    lastKnownGood: [ref('core.v1.NodeConfigSource'), 3],
    error: ['string', 4],
  },
  'core.v1.NodeRuntimeHandler': {
    name: ['string', 1],
    features: [ref('core.v1.NodeRuntimeHandlerFeatures'), 2],
  },
  'core.v1.NodeRuntimeHandlerFeatures': {
    recursiveReadOnlyMounts: ['bool', 1],
    userNamespaces: ['bool', 2],
  },
  'core.v1.NodeFeatures': {
    supplementalGroupsPolicy: ['bool', 1],
    containerUlimits: ['bool', 2],
  },
};
