export { MetricsProvider, type MetricsProviderOptions } from './metrics-provider.js';
export { createMetricsHandler, type MetricsHandler, type MetricsHandlerOptions } from './metrics-handler.js';
export { metricsApiGroup, metricsResourceList, METRICS_GROUP, METRICS_VERSION } from './discovery.js';
export { formatCpu, formatMemory } from './format-quantity.js';
export { fetchSummary } from './fetch-summary.js';
export type { MetricsSource, NodeUsage, PodUsage, StatsSummary, CpuStats, MemoryStats } from './types.js';
