import type { KubeObject } from '../rest/object-api.js';
import { milliValue } from '../scheduler/quantity.js';

/** One pod's usage of the metric, in thousandths (millicores, or bytes × 1000), as upstream's MilliValue. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

export interface ReplicaCalculation {
  currentReplicas: number;
  /** The selected pods (the scale's selector). */
  pods: KubeObject[];
  /** By pod name; pods absent here are "missing". */
  metrics: Map<string, PodMetric>;
  resource: string;
  /** `Utilization` (percent of requests) or `AverageValue` (thousandths per pod). */
  target: { utilization: number } | { averageMilli: number };
  now: number;
  tolerance?: number;
}

export interface ReplicaProposal {
  replicas: number;
  /** Percent of requests (Utilization targets only). */
  utilization?: number;
  /** Average usage over the pods with metrics, in thousandths. */
  rawMilli: number;
  timestamp: number;
}

/** Pods started within this long get their CPU samples checked against readiness transitions. */
const CPU_INITIALIZATION_MS = 5 * 60_000;
const INITIAL_READINESS_DELAY_MS = 30_000;

/**
 * The HPA's replica count for a resource metric (upstream's GetResourceReplicas and
 * GetRawResourceReplicas): `ceil(ready * usage/target)` outside the tolerance, with missing
 * pods counted as 100 % (scale-down) or 0 % (scale-up) and unready pods as 0 % on scale-up,
 * never flipping the direction of the change.
 * @throws Error with upstream's message when no pods are selected or none has metrics.
 */
export function calculateReplicas(c: ReplicaCalculation): ReplicaProposal {
  const tolerance = c.tolerance ?? 0.1;
  const metrics = new Map(c.metrics);
  if (metrics.size === 0) throw new Error(`unable to get metrics for resource ${c.resource}: no metrics returned from resource metrics API`);
  const timestamp = Math.min(...[...metrics.values()].map((m) => m.timestamp));
  if (c.pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const groups = groupPods(c.pods, metrics, c.resource, c.now);
  for (const name of [...groups.ignored, ...groups.unready]) metrics.delete(name);
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');

  const utilizationTarget = 'utilization' in c.target ? c.target.utilization : undefined;
  const requests = utilizationTarget !== undefined ? podRequests(c.pods, c.resource) : new Map<string, number>();
  const ratioOf = (m: Map<string, PodMetric>) => (utilizationTarget !== undefined ? utilizationRatio(m, requests, utilizationTarget) : averageRatio(m, (c.target as { averageMilli: number }).averageMilli));
  const first = ratioOf(metrics);
  const result = (replicas: number): ReplicaProposal => ({ replicas, rawMilli: first.rawMilli, timestamp, ...(first.utilization !== undefined ? { utilization: first.utilization } : {}) });
  const within = (ratio: number) => Math.abs(1 - ratio) <= tolerance;

  const scaleUpWithUnready = groups.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    return result(within(first.ratio) ? c.currentReplicas : Math.ceil(first.ratio * groups.readyCount));
  }
  if (groups.missing.size > 0) {
    for (const name of groups.missing) {
      let value = 0;
      if (first.ratio < 1) value = utilizationTarget !== undefined ? Math.floor(((requests.get(name) ?? 0) * Math.max(100, utilizationTarget)) / 100) : (c.target as { averageMilli: number }).averageMilli;
      if (first.ratio !== 1) metrics.set(name, { value, timestamp, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const name of groups.unready) metrics.set(name, { value: 0, timestamp, windowMs: 0 });
  const next = ratioOf(metrics).ratio;
  if (within(next) || (first.ratio < 1 && next > 1) || (first.ratio > 1 && next < 1)) return result(c.currentReplicas);
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > c.currentReplicas) || (next > 1 && replicas < c.currentReplicas)) return result(c.currentReplicas);
  return result(replicas);
}

interface PodGroups {
  readyCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** Upstream's groupPods: deleted/failed pods are ignored, pending ones unready, CPU samples from warming-up pods unready. */
export function groupPods(pods: KubeObject[], metrics: Map<string, PodMetric>, resource: string, now: number): PodGroups {
  const out: PodGroups = { readyCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name: string = pod.metadata.name;
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp || phase === 'Failed') {
      out.ignored.add(name);
      continue;
    }
    if (phase === 'Pending') {
      out.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      out.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const ready = (pod.status?.conditions ?? []).find((c: KubeObject) => c.type === 'Ready');
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
      let unready: boolean;
      if (!ready || start === undefined) unready = true;
      else {
        const transition = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : start;
        if (start + CPU_INITIALIZATION_MS > now) unready = ready.status === 'False' || metric.timestamp < transition + metric.windowMs;
        else unready = ready.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
      }
      if (unready) {
        out.unready.add(name);
        continue;
      }
    }
    out.readyCount++;
  }
  return out;
}

/** Each pod's summed container requests for `resource`, in thousandths. @throws Error naming a container without one. */
export function podRequests(pods: KubeObject[], resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      const request = c.resources?.requests?.[resource];
      if (request === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      sum += milliValue(request);
    }
    out.set(pod.metadata.name, sum);
  }
  return out;
}

function utilizationRatio(metrics: Map<string, PodMetric>, requests: Map<string, number>, target: number): { ratio: number; utilization: number; rawMilli: number } {
  let used = 0;
  let requested = 0;
  let entries = 0;
  for (const [name, m] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    used += m.value;
    requested += request;
    entries++;
  }
  if (requested === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, rawMilli: Math.trunc(used / entries) };
}

function averageRatio(metrics: Map<string, PodMetric>, targetMilli: number): { ratio: number; utilization?: number; rawMilli: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const rawMilli = Math.trunc(total / metrics.size);
  return { ratio: rawMilli / targetMilli, rawMilli };
}
