import type { MetricsSource } from '../../../src/server/metrics/index.js';

export const T0 = Date.parse('2025-01-01T00:00:00Z');

/** Two nodes and three pods with fixed usage. */
export const fakeSource: MetricsSource = {
  async nodeMetrics() {
    return [
      { name: 'n1', labels: { zone: 'a' }, timestamp: T0, windowMs: 15_000, cpuNanoCores: 250_000_000, memoryBytes: 512 * 2 ** 20 },
      { name: 'n2', labels: { zone: 'b' }, timestamp: T0, windowMs: 15_000, cpuNanoCores: 12_345, memoryBytes: 1_000_000_000 },
    ];
  },
  async podMetrics(namespace) {
    const all = [
      { namespace: 'default', name: 'web-1', labels: { app: 'web' }, timestamp: T0, windowMs: 15_000, containers: [{ name: 'c', cpuNanoCores: 1_500_000_000, memoryBytes: 126_418_944 }] },
      { namespace: 'default', name: 'db-1', labels: { app: 'db' }, timestamp: T0, windowMs: 15_000, containers: [{ name: 'c', cpuNanoCores: 0, memoryBytes: 1000 }] },
      { namespace: 'kube-system', name: 'dns', labels: { app: 'dns' }, timestamp: T0, windowMs: 15_000, containers: [{ name: 'c', cpuNanoCores: 3_000_000, memoryBytes: 2 ** 20 }] },
    ];
    return all.filter((p) => namespace === undefined || p.namespace === namespace);
  },
};

