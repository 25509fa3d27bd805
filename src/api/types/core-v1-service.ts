/** core/v1 service tables: Service, ServiceSpec/Status, load-balancer status, Endpoints. */
import type { FieldOptions, TypeRegistry } from './format.js';
import { ATOMIC, REQ, TYPE_META, list, map, mergeList, ref } from './core-v1-helpers.js';

const PROTOCOL: FieldOptions = { enum: ['SCTP', 'TCP', 'UDP'] };
const TRAFFIC_POLICY: FieldOptions = { enum: ['Cluster', 'Local'] };

export const CORE_V1_SERVICE: TypeRegistry = {
  'core.v1.Service': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    spec: [ref('core.v1.ServiceSpec'), 2],
    status: [ref('core.v1.ServiceStatus'), 3],
  },
  'core.v1.ServiceSpec': {
    ports: [list(ref('core.v1.ServicePort')), 1, mergeList('port', { mapKeys: ['port', 'protocol'] })],
    selector: [map('string'), 2],
    clusterIP: ['string', 3],
    clusterIPs: [list('string'), 18, ATOMIC],
    type: ['string', 4, { enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] }],
    externalIPs: [list('string'), 5, ATOMIC],
    sessionAffinity: ['string', 7, { enum: ['ClientIP', 'None'] }],
    loadBalancerIP: ['string', 8],
    loadBalancerSourceRanges: [list('string'), 9, ATOMIC],
    externalName: ['string', 10],
    externalTrafficPolicy: ['string', 11, TRAFFIC_POLICY],
    healthCheckNodePort: ['int32', 12],
    publishNotReadyAddresses: ['bool', 13],
    sessionAffinityConfig: [ref('core.v1.SessionAffinityConfig'), 14],
    ipFamilies: [list('string'), 19, ATOMIC],
    ipFamilyPolicy: ['string', 17, { enum: ['PreferDualStack', 'RequireDualStack', 'SingleStack'] }],
    allocateLoadBalancerNodePorts: ['bool', 20],
    loadBalancerClass: ['string', 21],
    internalTrafficPolicy: ['string', 22, TRAFFIC_POLICY],
    trafficDistribution: ['string', 23],
  },
  'core.v1.ServicePort': {
    name: ['string', 1],
    protocol: ['string', 2, PROTOCOL],
    appProtocol: ['string', 6],
    port: ['int32', 3, REQ],
    targetPort: ['intOrString', 4],
    nodePort: ['int32', 5],
  },
  'core.v1.SessionAffinityConfig': {
    clientIP: [ref('core.v1.ClientIPConfig'), 1],
  },
  'core.v1.ClientIPConfig': {
    timeoutSeconds: ['int32', 1],
  },
  'core.v1.ServiceStatus': {
    loadBalancer: [ref('core.v1.LoadBalancerStatus'), 1],
    conditions: [list(ref('meta.v1.Condition')), 2, mergeList('type')],
  },
  'core.v1.LoadBalancerStatus': {
    ingress: [list(ref('core.v1.LoadBalancerIngress')), 1, ATOMIC],
  },
  'core.v1.LoadBalancerIngress': {
    ip: ['string', 1],
    hostname: ['string', 2],
    ipMode: ['string', 3, { enum: ['Proxy', 'VIP'] }],
    ports: [list(ref('core.v1.PortStatus')), 4, ATOMIC],
  },
  'core.v1.PortStatus': {
    port: ['int32', 1, REQ],
    protocol: ['string', 2, { required: true, enum: ['SCTP', 'TCP', 'UDP'] }],
    error: ['string', 3],
  },
  'core.v1.Endpoints': {
    ...TYPE_META,
    metadata: [ref('meta.v1.ObjectMeta'), 1],
    subsets: [list(ref('core.v1.EndpointSubset')), 2, ATOMIC],
  },
  'core.v1.EndpointSubset': {
    addresses: [list(ref('core.v1.EndpointAddress')), 1, ATOMIC],
    notReadyAddresses: [list(ref('core.v1.EndpointAddress')), 2, ATOMIC],
    ports: [list(ref('core.v1.EndpointPort')), 3, ATOMIC],
  },
  'core.v1.EndpointAddress': {
    ip: ['string', 1, REQ],
    hostname: ['string', 3],
    nodeName: ['string', 4],
    targetRef: [ref('core.v1.ObjectReference'), 2],
  },
  'core.v1.EndpointPort': {
    name: ['string', 1],
    port: ['int32', 2, REQ],
    protocol: ['string', 3, PROTOCOL],
    appProtocol: ['string', 4],
  },
};
