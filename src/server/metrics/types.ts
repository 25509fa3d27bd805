/** One pod's usage as the metrics API serves it (CPU in nanocores, memory in bytes). */
export interface PodUsage {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** When the sample was taken (ms since the epoch). */
  timestamp: number;
  /** The interval the CPU rate was measured over (ms). */
  windowMs: number;
  containers: { name: string; cpuNanoCores: number; memoryBytes: number }[];
}

/** One node's usage (CPU in nanocores, memory working set in bytes). */
export interface NodeUsage {
  name: string;
  labels?: Record<string, string>;
  timestamp: number;
  windowMs: number;
  cpuNanoCores: number;
  memoryBytes: number;
}

/** Where the metrics API and the HPA controller read usage from (the MetricsProvider, or a fake). */
export interface MetricsSource {
  /** Pods with usage, in one namespace or (undefined) all of them. */
  podMetrics(namespace?: string): Promise<PodUsage[]>;
  nodeMetrics(): Promise<NodeUsage[]>;
}

/** kubelet's `/stats/summary`, simplified: what the agent serves and the provider reads. */
export interface StatsSummary {
  node: {
    nodeName: string;
    cpu?: CpuStats;
    memory?: MemoryStats;
  };
  pods: {
    podRef: { name: string; namespace: string; uid: string };
    containers: { name: string; cpu?: CpuStats; memory?: MemoryStats }[];
  }[];
}

export interface CpuStats {
  time: string;
  /** Absent until two samples were taken. */
  usageNanoCores?: number;
  usageCoreNanoSeconds?: number;
}

export interface MemoryStats {
  time: string;
  workingSetBytes?: number;
}
