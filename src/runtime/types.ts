/** The container runtime seen by the node agent: images, pod sandboxes, containers. */

export interface ImageInfo {
  ref: string;
  /** Manifest (or index) digest, `sha256:...`. */
  digest: string;
  size?: number;
}

export interface ImageStatus {
  present: boolean;
  ref: string;
  id?: string;
  digest?: string;
}

export interface PullOptions {
  onProgress?: (line: string) => void;
  plainHttp?: boolean;
}

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface DnsConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

export interface SandboxSpec {
  uid: string;
  namespace: string;
  name: string;
  hostNetwork: boolean;
  hostname: string;
  ports: PortMapping[];
  dnsConfig?: DnsConfig;
}

export interface Sandbox {
  id: string;
  /** `''` for host-network pods. */
  netnsPath: string;
  ip: string;
  ips: string[];
}

export interface SandboxInfo extends Sandbox {
  uid: string;
  namespace: string;
  name: string;
  hostNetwork: boolean;
  hostname: string;
  createdAt: string;
}

export interface MountSpec {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** Replaces the image's Entrypoint when non-empty. */
  command?: string[];
  /** Replaces the image's Cmd when non-empty. */
  args?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  mounts?: MountSpec[];
  /** Extra containerd labels; the `io.mk8s.*` ownership labels are added by the runtime. */
  labels?: Record<string, string>;
  /** Restart count; becomes the `io.mk8s.container.attempt` label (default 0). */
  attempt?: number;
  memoryLimitBytes?: number;
  /** CFS quota in microseconds per 100 ms period (1 CPU = 100000). */
  cpuQuota?: number;
  cpuShares?: number;
  /** Run the process as uid:gid with these extra groups (through the setuser helper; root when absent). */
  user?: { uid: number; gid: number; supplementalGroups?: number[] };
  privileged?: boolean;
  readOnlyRootfs?: boolean;
  /** Absolute path of the file that receives stdout and stderr. */
  logPath: string;
  tty?: boolean;
  stdin?: boolean;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  id: string;
  state: ContainerState;
  pid?: number;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  reason?: 'OOMKilled' | 'Error' | 'Completed';
}

export interface ContainerInfo {
  id: string;
  image: string;
  labels: Record<string, string>;
}

export interface ExecOptions {
  tty?: boolean;
  stdin?: string | Buffer | NodeJS.ReadableStream;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Kill the exec after this long (ms); the result is then 137. */
  timeoutMs?: number;
}

export interface ContainerStats {
  cpuUsageNanos: number;
  memoryBytes: number;
}

/** Labels every mk8s container carries in containerd. */
export const LABELS = {
  podNamespace: 'io.mk8s.pod.namespace',
  podName: 'io.mk8s.pod.name',
  podUid: 'io.mk8s.pod.uid',
  containerName: 'io.mk8s.container.name',
  attempt: 'io.mk8s.container.attempt',
  sandboxId: 'io.mk8s.sandbox.id',
} as const;

export interface ContainerRuntime {
  listImages(): Promise<ImageInfo[]>;
  pullImage(ref: string, options?: PullOptions): Promise<ImageInfo>;
  /** Imports an OCI or docker archive, plain, gzip or zstd; returns the refs it brought. */
  importImages(path: string): Promise<string[]>;
  removeImage(ref: string): Promise<void>;
  imageStatus(ref: string): Promise<ImageStatus>;

  createSandbox(pod: SandboxSpec): Promise<Sandbox>;
  /** Idempotent: removing a sandbox that is gone succeeds. */
  removeSandbox(id: string): Promise<void>;
  /** `uid`: only that pod's sandbox (without reading the others'). */
  listSandboxes(filter?: { uid?: string }): Promise<SandboxInfo[]>;

  createContainer(sandbox: Sandbox, spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  /** Idempotent: kills a running task first. */
  removeContainer(id: string): Promise<void>;
  listContainers(filter?: { labels?: Record<string, string> }): Promise<ContainerInfo[]>;
  containerStatus(id: string): Promise<ContainerStatus>;
  exec(id: string, cmd: string[], options?: ExecOptions): Promise<number>;
  stats(id: string): Promise<ContainerStats>;
}
