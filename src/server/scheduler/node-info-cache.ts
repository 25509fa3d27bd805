import type { CacheEvent, WatchCache } from '../watch-cache.js';
import type { KubeObject } from '../rest/object-api.js';
import { add, emptyResources, isTerminal, podInfoOf, resourcesOf } from './pod-info.js';
import type { NodeInfo, PodInfo } from './types.js';

export type ClusterChange = 'node' | 'pod-added' | 'pod-removed';

const DEFAULT_MAX_PODS = 110;

/**
 * The scheduler's view of nodes and of what is bound to them, fed by the watch cache's
 * events (no listing per cycle). Pods being bound are "assumed" on their node until the
 * watch shows the binding.
 */
export class NodeInfoCache {
  #nodes = new Map<string, NodeInfo>();
  #ready: NodeInfo[] | undefined;
  #pods = new Map<string, PodInfo & { nodeName: string }>();
  #antiAffinity = new Set<PodInfo>();
  #nodePrefix: string;
  #podPrefix: string;
  #onChange: (change: ClusterChange) => void;

  constructor(options: { nodePrefix: string; podPrefix: string; onChange?: (change: ClusterChange) => void }) {
    this.#nodePrefix = options.nodePrefix;
    this.#podPrefix = options.podPrefix;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** Loads the cache's nodes and pods and follows its events; returns the unsubscribe. */
  follow(cache: WatchCache): () => void {
    for (const n of cache.list(this.#nodePrefix)) this.setNode(n.obj);
    for (const p of cache.list(this.#podPrefix)) this.setPod(p.key, p.obj);
    return cache.subscribe((e) => this.apply(e));
  }

  apply(e: CacheEvent): void {
    if (e.key.startsWith(this.#nodePrefix)) {
      if (e.type === 'DELETED') this.removeNode(e.obj.metadata.name);
      else if (!e.prev || nodeChanged(e.prev, e.obj)) this.setNode(e.obj);
      else {
        const info = this.#nodes.get(e.obj.metadata.name);
        if (info?.node) info.node = e.obj;
        else this.setNode(e.obj);
      }
    } else if (e.key.startsWith(this.#podPrefix)) {
      if (e.type === 'DELETED') this.removePod(e.key);
      else this.setPod(e.key, e.obj);
    }
  }

  /** Nodes with a Node object, in a stable order. */
  get nodes(): readonly NodeInfo[] {
    this.#ready ??= [...this.#nodes.values()].filter((n) => n.node !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
    return this.#ready;
  }

  get(name: string): NodeInfo | undefined {
    return this.#nodes.get(name);
  }

  /** Bound pods with required anti-affinity terms (checked against every incoming pod). */
  get podsWithAntiAffinity(): ReadonlySet<PodInfo> {
    return this.#antiAffinity;
  }

  setNode(node: KubeObject): void {
    const info = this.#info(node.metadata.name);
    const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
    info.node = node;
    info.ready = readyStatus(node);
    info.taints = node.spec?.taints ?? [];
    info.unschedulable = Boolean(node.spec?.unschedulable);
    info.allocatable = resourcesOf(alloc);
    if (alloc.pods === undefined) info.allocatable.pods = DEFAULT_MAX_PODS;
    this.#ready = undefined;
    this.#onChange('node');
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info) return;
    if (info.pods.size === 0) this.#nodes.delete(name);
    else info.node = undefined as unknown as KubeObject;
    this.#ready = undefined;
  }

  setPod(key: string, pod: KubeObject): void {
    const nodeName: string | undefined = pod.spec?.nodeName;
    const old = this.#pods.get(key);
    if (!nodeName || isTerminal(pod)) {
      if (old) this.removePod(key);
      return;
    }
    if (old && old.nodeName === nodeName && old.uid === pod.metadata.uid && sameLabels(old.labels, pod.metadata.labels)) {
      old.pod = pod;
      return;
    }
    if (old) this.#remove(old);
    this.#add({ ...podInfoOf(key, pod), nodeName });
    if (!old) this.#onChange('pod-added');
  }

  removePod(key: string): void {
    const old = this.#pods.get(key);
    if (!old) return;
    this.#remove(old);
    this.#onChange('pod-removed');
  }

  /** Counts a pod on its chosen node before the binding is written. */
  assume(pod: PodInfo, nodeName: string): void {
    const old = this.#pods.get(pod.key);
    if (old) this.#remove(old);
    this.#add({ ...pod, nodeName });
  }

  /** Undoes `assume` after a failed binding. */
  forget(key: string): void {
    const old = this.#pods.get(key);
    if (old && !old.pod.spec?.nodeName) this.removePod(key);
  }

  #info(name: string): NodeInfo {
    let info = this.#nodes.get(name);
    if (!info) {
      info = { name, node: undefined as unknown as KubeObject, ready: undefined, taints: [], unschedulable: false, allocatable: emptyResources(), requested: emptyResources(), pods: new Map(), controllerCounts: new Map() };
      this.#nodes.set(name, info);
    }
    return info;
  }

  #add(pod: PodInfo & { nodeName: string }): void {
    this.#pods.set(pod.key, pod);
    const info = this.#info(pod.nodeName);
    info.pods.set(pod.key, pod);
    add(info.requested, pod.requests);
    if (pod.controllerUid) info.controllerCounts.set(pod.controllerUid, (info.controllerCounts.get(pod.controllerUid) ?? 0) + 1);
    if (pod.hasRequiredAntiAffinity) this.#antiAffinity.add(pod);
  }

  #remove(pod: PodInfo & { nodeName: string }): void {
    this.#pods.delete(pod.key);
    this.#antiAffinity.delete(pod);
    const info = this.#nodes.get(pod.nodeName);
    if (!info) return;
    info.pods.delete(pod.key);
    add(info.requested, pod.requests, -1);
    if (pod.controllerUid) {
      const n = (info.controllerCounts.get(pod.controllerUid) ?? 1) - 1;
      if (n > 0) info.controllerCounts.set(pod.controllerUid, n);
      else info.controllerCounts.delete(pod.controllerUid);
    }
    if (!info.node && info.pods.size === 0) this.#nodes.delete(pod.nodeName);
  }
}

/** Heartbeats change only timestamps; what scheduling depends on is compared here. */
function nodeChanged(a: KubeObject, b: KubeObject): boolean {
  return (
    readyStatus(a) !== readyStatus(b) ||
    JSON.stringify(a.metadata?.labels) !== JSON.stringify(b.metadata?.labels) ||
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.status?.allocatable) !== JSON.stringify(b.status?.allocatable)
  );
}

function readyStatus(node: KubeObject): string | undefined {
  for (const c of node.status?.conditions ?? []) if (c.type === 'Ready') return c.status;
  return undefined;
}

function sameLabels(a: Record<string, string>, b: Record<string, string> | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b ?? {});
}
