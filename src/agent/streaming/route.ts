/** Parses the agent's streaming paths (kubelet's): which handler and which pod. */
export interface StreamingRoute {
  kind: 'containerLogs' | 'exec' | 'attach' | 'portForward';
  namespace: string;
  pod: string;
  /** Undefined asks for the pod's default container. */
  container?: string;
}

const KINDS = new Set(['containerLogs', 'exec', 'attach', 'portForward']);

export function parseStreamingRoute(pathname: string): StreamingRoute | undefined {
  let parts: string[];
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [kind, namespace, pod, ...rest] = parts;
  if (!KINDS.has(kind) || !namespace || !pod) return undefined;
  if (kind === 'portForward') return rest.length <= 1 ? { kind, namespace, pod } : undefined;
  // exec/attach also accept kubelet's /exec/<ns>/<pod>/<uid>/<container>.
  if (rest.length > (kind === 'containerLogs' ? 1 : 2)) return undefined;
  return { kind: kind as StreamingRoute['kind'], namespace, pod, container: rest.at(-1) || undefined };
}
