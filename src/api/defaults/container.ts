/** Container defaults (containers, initContainers, ephemeralContainers): pull policy, termination message, ports, probes, env. */
import { defaultImagePullPolicy } from './image-pull-policy.js';
import { objectAt, objectsAt, setDefault, setDefaultNonZero, type JsonObject } from './json.js';

export function defaultContainer(container: JsonObject): void {
  if (typeof container.image === 'string') setDefault(container, 'imagePullPolicy', defaultImagePullPolicy(container.image));
  else setDefault(container, 'imagePullPolicy', 'IfNotPresent');
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  objectAt(container, 'resources', true);
  for (const port of objectsAt(container, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = objectAt(container, key);
    if (probe) defaultProbe(probe);
  }
  const lifecycle = objectAt(container, 'lifecycle');
  if (lifecycle) {
    for (const key of ['postStart', 'preStop']) {
      const handler = objectAt(lifecycle, key);
      if (handler) defaultHandler(handler);
    }
  }
  for (const env of objectsAt(container, 'env')) {
    const valueFrom = objectAt(env, 'valueFrom');
    if (valueFrom) defaultFieldRefs(valueFrom);
  }
}

export function defaultProbe(probe: JsonObject): void {
  setDefaultNonZero(probe, 'timeoutSeconds', 1);
  setDefaultNonZero(probe, 'periodSeconds', 10);
  setDefaultNonZero(probe, 'successThreshold', 1);
  setDefaultNonZero(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

/** httpGet path "/" and scheme HTTP, in probes and lifecycle hooks. */
export function defaultHandler(handler: JsonObject): void {
  const httpGet = objectAt(handler, 'httpGet');
  if (httpGet) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
}

/** fieldRef apiVersion v1 and resourceFieldRef divisor "0", in env valueFrom and downward API items. */
export function defaultFieldRefs(source: JsonObject): void {
  const fieldRef = objectAt(source, 'fieldRef');
  if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  const resourceFieldRef = objectAt(source, 'resourceFieldRef');
  if (resourceFieldRef) setDefault(resourceFieldRef, 'divisor', '0');
}
