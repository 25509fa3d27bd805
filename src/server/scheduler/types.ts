import type { KubeObject } from '../rest/object-api.js';

/** Requested or allocatable amounts: CPU in millicores, memory and storage in bytes. */
export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** What the scheduler needs of a pod, computed once. */
export interface PodInfo {
  key: string;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  requests: Resources;
  hostPorts: HostPort[];
  /** uid of the controller ownerReference. */
  controllerUid?: string;
  hasRequiredAntiAffinity: boolean;
  /** Set once the pod is bound (or assumed) to a node. */
  nodeName?: string;
  pod: KubeObject;
}

/** A node and what is bound to it (assumed pods included). */
export interface NodeInfo {
  name: string;
  node: KubeObject;
  /** Derived from `node` when it changes (heartbeats leave them alone): the Ready condition's status, spec.taints, spec.unschedulable. */
  ready: string | undefined;
  taints: readonly KubeObject[];
  unschedulable: boolean;
  allocatable: Resources;
  requested: Resources;
  pods: Map<string, PodInfo>;
  /** Pods per controller uid. */
  controllerCounts: Map<string, number>;
}

/** Per-cycle scratch space: plugins memoise what they compute over all nodes. */
export interface CycleState {
  readonly nodes: readonly NodeInfo[];
  /** Bound pods with required anti-affinity terms. */
  readonly podsWithAntiAffinity: ReadonlySet<PodInfo>;
  node(name: string): NodeInfo | undefined;
  memo<T>(key: string, compute: () => T): T;
}

/** Returns why the node does not fit (one reason, or several), or nothing when it does. */
export interface FilterPlugin {
  name: string;
  /** True when the filter passes every node for this pod (upstream's PreFilter Skip): not run this cycle. */
  skip?(pod: PodInfo, state: CycleState): boolean;
  filter(pod: PodInfo, node: NodeInfo, state: CycleState): string | readonly string[] | undefined;
}

/** 0–100 per node; `normalize` (optional) rescales the raw scores of all feasible nodes in place. */
export interface ScorePlugin {
  name: string;
  weight: number;
  /** True when the plugin would score every node alike for this pod (upstream's PreScore Skip): not run this cycle. */
  skip?(pod: PodInfo, state: CycleState): boolean;
  score(pod: PodInfo, node: NodeInfo, state: CycleState): number;
  normalize?(scores: number[]): void;
}

export function newCycleState(nodes: readonly NodeInfo[], podsWithAntiAffinity: ReadonlySet<PodInfo> = new Set()): CycleState {
  const memos = new Map<string, unknown>();
  let byName: Map<string, NodeInfo> | undefined;
  return {
    nodes,
    podsWithAntiAffinity,
    node(name) {
      byName ??= new Map(nodes.map((n) => [n.name, n]));
      return byName.get(name);
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
}
