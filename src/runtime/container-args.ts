import type { ImageConfig } from './image-store.js';
import { LABELS, type ContainerSpec, type SandboxInfo } from './types.js';

/** Kubernetes semantics: `command` replaces Entrypoint, `args` replaces Cmd. */
export function processArgs(spec: Pick<ContainerSpec, 'command' | 'args'>, image: Pick<ImageConfig, 'entrypoint' | 'cmd'>): string[] {
  const command = spec.command?.length ? spec.command : image.entrypoint;
  const args = spec.args?.length ? spec.args : spec.command?.length ? [] : image.cmd;
  return [...command, ...args];
}

/** The ownership labels plus the caller's, and the ones the runtime needs later. */
export function containerLabels(sandbox: SandboxInfo, spec: ContainerSpec): Record<string, string> {
  return {
    ...spec.labels,
    [LABELS.podNamespace]: sandbox.namespace,
    [LABELS.podName]: sandbox.name,
    [LABELS.podUid]: sandbox.uid,
    [LABELS.containerName]: spec.name,
    [LABELS.attempt]: String(spec.attempt ?? 0),
    [LABELS.sandboxId]: sandbox.id,
    [STATE_LABELS.logPath]: spec.logPath,
    ...(spec.cpuShares ? { [STATE_LABELS.cpuShares]: String(spec.cpuShares) } : {}),
  };
}

/** Labels the runtime writes on containers to remember their lifecycle across restarts. */
export const STATE_LABELS = {
  logPath: 'io.mk8s.log-path',
  cpuShares: 'io.mk8s.cpu-shares',
  startedAt: 'io.mk8s.state.started-at',
  finishedAt: 'io.mk8s.state.finished-at',
  exitCode: 'io.mk8s.state.exit-code',
  reason: 'io.mk8s.state.reason',
} as const;

export interface CreateArgsInput {
  id: string;
  sandbox: SandboxInfo;
  sandboxDir: string;
  spec: ContainerSpec;
  image: ImageConfig;
  imageRef: string;
}

/** `ctr containers create ...` arguments for one pod container. */
export function createArgs({ id, sandbox, sandboxDir, spec, image, imageRef }: CreateArgsInput): string[] {
  const argv = processArgs(spec, image);
  if (!argv.length) throw new RangeError(`Cannot create container "${spec.name}": neither the pod nor image "${imageRef}" gives a command`);
  const args = ['containers', 'create'];
  for (const [k, v] of Object.entries(containerLabels(sandbox, spec))) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.env ?? {})) args.push('--env', `${k}=${v}`);
  if (spec.workingDir) args.push('--cwd', spec.workingDir);
  const bind = (src: string, dst: string, ro: boolean) => args.push('--mount', `type=bind,src=${src},dst=${dst},options=rbind:${ro ? 'ro' : 'rw'}`);
  if (sandbox.hostNetwork) {
    args.push('--net-host');
  } else {
    args.push('--with-ns', `network:${sandbox.netnsPath}`, '--with-ns', `uts:${sandboxDir}/uts`);
    bind(`${sandboxDir}/hosts`, '/etc/hosts', false);
    bind(`${sandboxDir}/hostname`, '/etc/hostname', false);
  }
  bind(`${sandboxDir}/resolv.conf`, '/etc/resolv.conf', false);
  for (const m of spec.mounts ?? []) {
    if (/[,=]/.test(m.hostPath + m.containerPath)) throw new RangeError(`Cannot mount "${m.hostPath}" at "${m.containerPath}": ctr cannot express paths with "," or "="`);
    bind(m.hostPath, m.containerPath, !!m.readOnly);
  }
  if (spec.memoryLimitBytes) args.push('--memory-limit', String(spec.memoryLimitBytes));
  if (spec.cpuQuota) args.push('--cpu-quota', String(spec.cpuQuota), '--cpu-period', '100000');
  if (spec.privileged) args.push('--privileged');
  if (spec.readOnlyRootfs) args.push('--read-only');
  if (spec.tty) args.push('--tty');
  // `--`: ctr's `containers create` reorders flags, so a command's `-c` would be taken as --config.
  args.push('--', imageRef, id, ...argv);
  return args;
}
