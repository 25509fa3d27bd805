/** Service defaults, including what the API server's IP allocator fills on a single-stack IPv4 cluster. */
import { objectAt, objectsAt, setDefault, type JsonObject } from './json.js';

export function defaultService(service: JsonObject): void {
  const spec = objectAt(service, 'spec', true);
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = objectAt(objectAt(spec, 'sessionAffinityConfig', true), 'clientIP', true);
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  for (const port of objectsAt(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = port.port;
    }
  }
  const type = spec.type;
  if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  }
  objectAt(objectAt(service, 'status', true), 'loadBalancer', true);
}
