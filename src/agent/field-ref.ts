/** Downward API values: fieldRef and resourceFieldRef, shared by env and downwardAPI volumes. */
import { parseQuantity } from './quantity.js';
import { ConfigError } from './object-source.js';
import type { Obj } from './types.js';

export interface PodContext {
  pod: Obj;
  podIP: string;
  hostIP: string;
  /** Node allocatable, the default for limits that are unset. */
  allocatable: Record<string, string>;
}

function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {}).sort().map((k) => `${k}="${String(map![k]).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join('\n');
}

export function fieldRefValue(ctx: PodContext, fieldPath: string): string {
  const { pod } = ctx;
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (m) return String(pod.metadata[m[1]]?.[m[2]] ?? '');
  switch (fieldPath) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace;
    case 'metadata.uid': return pod.metadata.uid;
    case 'metadata.labels': return formatMap(pod.metadata.labels);
    case 'metadata.annotations': return formatMap(pod.metadata.annotations);
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.podIP': return ctx.podIP;
    case 'status.podIPs': return ctx.podIP;
    case 'status.hostIP': return ctx.hostIP;
    case 'status.hostIPs': return ctx.hostIP;
    default: throw new ConfigError(`unsupported fieldRef fieldPath "${fieldPath}"`);
  }
}

export function resourceFieldValue(ctx: PodContext, ref: Obj, defaultContainer?: string): string {
  const name = ref.containerName || defaultContainer;
  const container = [...(ctx.pod.spec.containers ?? []), ...(ctx.pod.spec.initContainers ?? [])].find((c: Obj) => c.name === name);
  if (!container) throw new ConfigError(`resourceFieldRef names an unknown container "${name}"`);
  const [kind, resource] = String(ref.resource).split('.');
  const set = container.resources?.[kind === 'limits' ? 'limits' : 'requests'] ?? {};
  let raw: string | undefined = set[resource];
  if (raw === undefined && kind === 'limits') raw = ctx.allocatable[resource];
  if (raw === undefined) raw = '0';
  const divisor = parseQuantity(ref.divisor ?? (resource === 'cpu' ? '1' : '1'));
  return String(Math.ceil(parseQuantity(raw) / divisor));
}
