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
    ...(userPrefix(spec.user).length ? { [STATE_LABELS.user]: userLabel(spec.user!) } : {}),
  };
}

/** Where the `mk8s-setuser` helper is bind-mounted (read-only) in containers that run as another user. */
export const SETUSER_IN_CONTAINER = '/.mk8s/setuser';

/**
 * The argv prefix that makes a process run as `user`: `/.mk8s/setuser UID GID GROUPS`, where
 * GROUPS is the gid then the supplementary groups (containerd's own `--user` includes the primary
 * gid too), or nothing when the process stays root with no extra group.
 */
export function userPrefix(user: ContainerSpec['user']): string[] {
  if (!user) return [];
  const extra = user.supplementalGroups ?? [];
  if (user.uid === 0 && user.gid === 0 && extra.length === 0) return [];
  const groups = [...new Set([user.gid, ...extra])];
  checkId('uid', user.uid);
  for (const g of groups) checkId('group', g);
  return [SETUSER_IN_CONTAINER, String(user.uid), String(user.gid), groups.join(',')];
}

function checkId(what: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xfffffffe) throw new RangeError(`Cannot run a container as ${what} ${id}: ids are integers from 0 to 4294967294`);
}

/** `UID:GID:G1,G2` as kept in the container's label, read back by `userFromLabel` for exec. */
export function userLabel(user: NonNullable<ContainerSpec['user']>): string {
  return `${user.uid}:${user.gid}:${(user.supplementalGroups ?? []).join(',')}`;
}

export function userFromLabel(label: string | undefined): ContainerSpec['user'] {
  const m = label ? /^(\d+):(\d+):([\d,]*)$/.exec(label) : null;
  if (!m) return undefined;
  const supplementalGroups = m[3] ? m[3].split(',').map(Number) : [];
  return { uid: Number(m[1]), gid: Number(m[2]), supplementalGroups };
}

/** Labels the runtime writes on containers to remember their lifecycle across restarts. */
export const STATE_LABELS = {
  logPath: 'io.mk8s.log-path',
  cpuShares: 'io.mk8s.cpu-shares',
  /** `UID:GID:GROUPS` of a container whose processes run through the setuser helper. */
  user: 'io.mk8s.user',
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
  /** Host path of the `mk8s-setuser` helper; required when `spec.user` asks for anything but root. */
  setuserBinary?: string;
}

function booleanFlags(spec: ContainerSpec): string[] {
  return [...(spec.privileged ? ['--privileged'] : []), ...(spec.readOnlyRootfs ? ['--read-only'] : []), ...(spec.tty ? ['--tty'] : [])];
}

/** `ctr containers create ...` arguments for one pod container. */
export function createArgs({ id, sandbox, sandboxDir, spec, image, imageRef, setuserBinary }: CreateArgsInput): string[] {
  const argv = processArgs(spec, image);
  if (!argv.length) throw new RangeError(`Cannot create container "${spec.name}": neither the pod nor image "${imageRef}" gives a command`);
  const prefix = userPrefix(spec.user);
  if (prefix.length && !setuserBinary) throw new RangeError(`Cannot create container "${spec.name}" as user ${userLabel(spec.user!)}: no setuser helper given`);
  // Boolean flags first: ctr 1.6 mis-parses `--read-only -- IMAGE ID sh -c ...` (a boolean flag
  // right before `--` makes it read the command's `-c` as a flag), so a flag with a value
  // (the labels, always present) must come last.
  const args = ['containers', 'create', ...booleanFlags(spec)];
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
  // ctr 1.6 `containers create` has no --user: a static helper switches user, then execs the command.
  if (prefix.length) {
    if (/[,=]/.test(setuserBinary!)) throw new RangeError(`Cannot mount the setuser helper "${setuserBinary}": ctr cannot express paths with "," or "="`);
    bind(setuserBinary!, SETUSER_IN_CONTAINER, true);
  }
  if (spec.memoryLimitBytes) args.push('--memory-limit', String(spec.memoryLimitBytes));
  if (spec.cpuQuota) args.push('--cpu-quota', String(spec.cpuQuota), '--cpu-period', '100000');
  // `--`: ctr's `containers create` reorders flags, so a command's `-c` would be taken as --config.
  args.push('--', imageRef, id, ...prefix, ...argv);
  return args;
}
