import type { KubeObject } from '../rest/object-api.js';
import { intValue, milliValue } from './quantity.js';
import type { HostPort, PodInfo, Resources } from './types.js';

export function emptyResources(): Resources {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
}

/** Requests and limits as Resources (absent ones are 0). */
export function resourcesOf(list: Record<string, string | number> | undefined): Resources {
  const r = emptyResources();
  if (!list) return r;
  if (list.cpu !== undefined) r.milliCpu = milliValue(list.cpu);
  if (list.memory !== undefined) r.memory = intValue(list.memory);
  if (list['ephemeral-storage'] !== undefined) r.ephemeralStorage = intValue(list['ephemeral-storage']);
  if (list.pods !== undefined) r.pods = intValue(list.pods);
  return r;
}

/** A pod's effective request: the sum over containers, at least each init container's, plus overhead. */
export function podRequests(spec: KubeObject | undefined): Resources {
  const total = emptyResources();
  for (const c of spec?.containers ?? []) add(total, resourcesOf(c.resources?.requests));
  for (const c of spec?.initContainers ?? []) {
    const r = resourcesOf(c.resources?.requests);
    total.milliCpu = Math.max(total.milliCpu, r.milliCpu);
    total.memory = Math.max(total.memory, r.memory);
    total.ephemeralStorage = Math.max(total.ephemeralStorage, r.ephemeralStorage);
  }
  add(total, resourcesOf(spec?.overhead));
  total.pods = 1;
  return total;
}

export function add(to: Resources, r: Resources, sign = 1): void {
  to.milliCpu += sign * r.milliCpu;
  to.memory += sign * r.memory;
  to.ephemeralStorage += sign * r.ephemeralStorage;
  to.pods += sign * r.pods;
}

export function hostPortsOf(spec: KubeObject | undefined): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export function podInfoOf(key: string, pod: KubeObject): PodInfo {
  const controller = (pod.metadata?.ownerReferences ?? []).find((o: KubeObject) => o.controller);
  return {
    key,
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name,
    uid: pod.metadata?.uid,
    labels: pod.metadata?.labels ?? {},
    requests: podRequests(pod.spec),
    hostPorts: hostPortsOf(pod.spec),
    controllerUid: controller?.uid,
    hasRequiredAntiAffinity: (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0,
    pod,
  };
}

/** Succeeded and Failed pods hold no resources. */
export function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
