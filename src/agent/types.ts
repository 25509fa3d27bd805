/** Shapes the agent works with. API objects stay loose JSON (the API package holds tables, not TS types). */
import type { KubeClient } from '../client/index.js';
import type { ContainerRuntime } from '../runtime/index.js';
import type { Logger } from '../log.js';
import type { Clock } from './clock.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface AgentOptions {
  /** Already authenticated as this node. */
  client: KubeClient;
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  clusterDns: string;
  clusterDomain: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  controlPlane?: boolean;
  runtime: ContainerRuntime;
  /** Agent state lives in `<dataDir>/agent`. */
  dataDir: string;
  log: Logger;
  /** Used when the runtime has no `version()` (default `containerd://unknown`). */
  runtimeVersion?: string;
  kubeletPort?: number;
  leaseDurationSeconds?: number;
  /** Lease renewal, and the check that the Node still reads Ready (default 10 s). */
  renewIntervalMs?: number;
  /** Node status heartbeat (default 60 s). */
  nodeStatusIntervalMs?: number;
  /** How often each pod worker re-reads the runtime and runs due probes (default 1 s). */
  syncIntervalMs?: number;
  /** Full re-list of the pods bound here (default 5 min). */
  resyncIntervalMs?: number;
  clock?: Clock;
}

/** What the streaming helper needs to serve logs, exec and attach. */
export interface ContainerLocation {
  containerId: string;
  containerName: string;
  attempt: number;
  logPath: string;
  /** The previous attempt's log file (`--previous`), when there was one. */
  previousLogPath?: string;
  pod: Obj;
}

export interface AgentStats {
  node: { cpuNanos: number; memoryBytes: number };
  pods: { namespace: string; name: string; containers: { name: string; cpuNanos: number; memoryBytes: number }[] }[];
}
