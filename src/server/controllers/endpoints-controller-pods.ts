import { isConditionTrue } from '../../api/conditions.js';
import { selectorMatches } from '../../api/schema/index.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { resourcePrefix } from '../rest/resource-key.js';

/** A pod behind a service, with what Endpoints and EndpointSlices both say about it. */
export interface ServiceBackend {
  pod: KubeObject;
  ip: string;
  ready: boolean;
  terminating: boolean;
  /** The resolved ports, in the service's port order; undefined where a named port is missing. */
  ports: (KubeObject | undefined)[];
  hostname?: string;
}

/** Services the endpoint controllers manage: with a selector, not ExternalName, not default/kubernetes. */
export function managesService(svc: KubeObject): boolean {
  if (svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes') return false;
  if (svc.spec?.type === 'ExternalName') return false;
  return Boolean(svc.spec?.selector && Object.keys(svc.spec.selector).length > 0);
}

export const podReady = (pod: KubeObject): boolean => isConditionTrue(pod);

/** Resolves a service port's targetPort against a pod: a number, or a container port's name. */
export function resolvePort(svcPort: KubeObject, pod: KubeObject): KubeObject | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  const protocol = svcPort.protocol ?? 'TCP';
  let port: number | undefined;
  if (typeof target === 'number' || /^\d+$/.test(String(target))) port = Number(target);
  else {
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const hit = (c.ports ?? []).find((p: KubeObject) => p.name === target && (p.protocol ?? 'TCP') === protocol);
      if (hit) {
        port = hit.containerPort;
        break;
      }
    }
  }
  if (port === undefined) return undefined;
  const out: KubeObject = { port, protocol };
  if (svcPort.name) out.name = svcPort.name;
  if (svcPort.appProtocol) out.appProtocol = svcPort.appProtocol;
  return out;
}

/** The non-terminal pods with an IP that `svc` selects, sorted by IP. */
export function serviceBackends(client: InProcessClient, svc: KubeObject): ServiceBackend[] {
  const out: ServiceBackend[] = [];
  for (const pod of client.list('pods', svc.metadata.namespace)) {
    if (!selectorMatches({ matchLabels: svc.spec.selector }, pod.metadata.labels)) continue;
    const phase = pod.status?.phase;
    const ip = pod.status?.podIP;
    if (!ip || phase === 'Succeeded' || phase === 'Failed') continue;
    const backend: ServiceBackend = {
      pod,
      ip,
      ready: podReady(pod),
      terminating: Boolean(pod.metadata.deletionTimestamp),
      ports: (svc.spec.ports ?? []).map((p: KubeObject) => resolvePort(p, pod)),
    };
    if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) backend.hostname = pod.spec.hostname;
    out.push(backend);
  }
  return out.sort((a, b) => compareIp(a.ip, b.ip) || (a.pod.metadata.name < b.pod.metadata.name ? -1 : 1));
}

export function targetRef(pod: KubeObject): KubeObject {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Enqueues `ns/name` of every service a pod change concerns (by its old and new labels),
 * and every service change. Returns what stops it.
 */
export function watchServicesAndPods(client: InProcessClient, enqueue: (key: string) => void): () => void {
  const podPrefix = resourcePrefix(client.resource('pods'));
  const servicePrefix = resourcePrefix(client.resource('services'));
  const services = client.watch('services', undefined, {}, (e) => enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`));
  const unsubscribe = client.api.cache.subscribe((e) => {
    if (!e.key.startsWith(podPrefix)) return;
    const ns = e.obj.metadata?.namespace;
    for (const entry of client.api.cache.list(`${servicePrefix}${ns}/`)) {
      const selector = entry.obj.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      if (selectorMatches({ matchLabels: selector }, e.obj.metadata?.labels) || (e.prev && selectorMatches({ matchLabels: selector }, e.prev.metadata?.labels))) {
        enqueue(`${ns}/${entry.obj.metadata.name}`);
      }
    }
  });
  return () => {
    services.close();
    unsubscribe();
  };
}
