/** The runtime ContainerSpec of a pod container: command, env, mounts, resources, security. */
import type { ContainerSpec, MountSpec } from '../runtime/index.js';
import { expandVars } from './container-env.js';
import { parseQuantity } from './quantity.js';
import type { Obj } from './types.js';

export interface ContainerSpecInput {
  pod: Obj;
  container: Obj;
  env: Record<string, string>;
  mounts: MountSpec[];
  attempt: number;
  logPath: string;
}

export interface BuiltContainerSpec {
  spec: ContainerSpec;
  /** Settings the runtime cannot honour, reported as Warning events. */
  warnings: string[];
}

export function buildContainerSpec(input: ContainerSpecInput): BuiltContainerSpec {
  const { pod, container, env } = input;
  const warnings: string[] = [];
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const security = { ...(pod.spec.securityContext ?? {}), ...(container.securityContext ?? {}) };
  const spec: ContainerSpec = {
    name: container.name,
    image: container.image,
    command: container.command?.map((s: string) => expandVars(s, env)),
    args: container.args?.map((s: string) => expandVars(s, env)),
    env,
    workingDir: container.workingDir || undefined,
    mounts: input.mounts,
    attempt: input.attempt,
    logPath: input.logPath,
    tty: Boolean(container.tty),
    stdin: Boolean(container.stdin),
    labels: { 'io.kubernetes.pod.namespace': pod.metadata.namespace, 'io.kubernetes.pod.name': pod.metadata.name, 'io.kubernetes.container.name': container.name },
  };
  if (limits.memory !== undefined) spec.memoryLimitBytes = Math.floor(parseQuantity(limits.memory));
  if (limits.cpu !== undefined) spec.cpuQuota = Math.max(1000, Math.round(parseQuantity(limits.cpu) * 100000));
  if (requests.cpu !== undefined) spec.cpuShares = Math.max(2, Math.round(parseQuantity(requests.cpu) * 1024));
  if (security.privileged) spec.privileged = true;
  if (security.readOnlyRootFilesystem) spec.readOnlyRootfs = true;
  // supplementalGroups exists only on the pod's securityContext.
  const groups: number[] = (pod.spec.securityContext?.supplementalGroups ?? []).map(Number);
  if (security.runAsUser !== undefined || security.runAsGroup !== undefined || groups.length) {
    // Without runAsGroup the gid is 0: the image's /etc/passwd is not read for the user's group.
    spec.user = { uid: Number(security.runAsUser ?? 0), gid: Number(security.runAsGroup ?? 0), ...(groups.length ? { supplementalGroups: groups } : {}) };
  }
  if (security.runAsNonRoot && (security.runAsUser === undefined || Number(security.runAsUser) === 0)) {
    warnings.push(`container "${container.name}" has runAsNonRoot and no non-zero runAsUser: the image's user is not checked by this runtime`);
  }
  return { spec, warnings };
}
