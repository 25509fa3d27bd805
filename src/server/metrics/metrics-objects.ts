import { nowTime } from '../rest/object-meta.js';
import { METRICS_GROUP_VERSION } from './discovery.js';
import { formatCpu, formatMemory } from './format-quantity.js';
import type { NodeUsage, PodUsage } from './types.js';

type Obj = Record<string, any>;

/** A metav1.Duration as Go prints whole or fractional seconds (`15s`, `15.5s`). */
export function formatWindow(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** metrics.k8s.io/v1beta1 NodeMetrics, as metrics-server serves it. */
export function nodeMetricsObject(usage: NodeUsage, now: number): Obj {
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_GROUP_VERSION,
    metadata: { name: usage.name, creationTimestamp: nowTime(now), ...(usage.labels ? { labels: { ...usage.labels } } : {}) },
    timestamp: nowTime(usage.timestamp),
    window: formatWindow(usage.windowMs),
    usage: { cpu: formatCpu(usage.cpuNanoCores), memory: formatMemory(usage.memoryBytes) },
  };
}

/** metrics.k8s.io/v1beta1 PodMetrics, as metrics-server serves it. */
export function podMetricsObject(usage: PodUsage, now: number): Obj {
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_GROUP_VERSION,
    metadata: { name: usage.name, namespace: usage.namespace, creationTimestamp: nowTime(now), ...(usage.labels ? { labels: { ...usage.labels } } : {}) },
    timestamp: nowTime(usage.timestamp),
    window: formatWindow(usage.windowMs),
    containers: usage.containers.map((c) => ({ name: c.name, usage: { cpu: formatCpu(c.cpuNanoCores), memory: formatMemory(c.memoryBytes) } })),
  };
}

export function metricsList(kind: 'NodeMetricsList' | 'PodMetricsList', items: Obj[]): Obj {
  return { kind, apiVersion: METRICS_GROUP_VERSION, metadata: {}, items };
}
