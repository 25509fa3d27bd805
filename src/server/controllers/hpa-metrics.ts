import type { LabelSelector } from '../../api/selectors/index.js';
import { formatDecimal } from '../metrics/format-quantity.js';
import type { MetricsSource, PodUsage } from '../metrics/types.js';
import type { KubeObject } from '../rest/object-api.js';
import { milliValue } from '../scheduler/quantity.js';
import type { ConditionUpdate } from './hpa-behavior.js';
import { calculateReplicas, type PodMetric } from './hpa-replica-calculator.js';

/** What the metrics say: the highest proposal, or -1 when the HPA must not act on them. */
export interface MetricsProposal {
  replicas: number;
  /** e.g. "cpu resource utilization (percentage of request)", for the rescale reason. */
  metric: string;
  statuses: KubeObject[];
  conditions: ConditionUpdate[];
  /** Warnings to record: [reason, message]. */
  events: [string, string][];
  error?: Error;
}

export interface MetricsInput {
  hpa: KubeObject;
  selector: LabelSelector;
  /** The scale's spec.replicas. */
  currentReplicas: number;
  /** The pods the selector picks. */
  pods: KubeObject[];
  metrics: MetricsSource;
  now: number;
  tolerance?: number;
}

const DEFAULT_METRICS = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

/**
 * Upstream's computeReplicasForMetrics for resource metrics (cpu, memory): each metric's
 * proposal, the highest wins; when all fail, or some fail and the rest would scale down,
 * the first failure decides the ScalingActive condition and nothing is scaled.
 */
export async function proposeFromMetrics(input: MetricsInput): Promise<MetricsProposal> {
  const specs: KubeObject[] = input.hpa.spec?.metrics?.length ? input.hpa.spec.metrics : DEFAULT_METRICS;
  const out: MetricsProposal = { replicas: 0, metric: '', statuses: [], conditions: [], events: [] };
  let invalid = 0;
  let firstError: Error | undefined;
  let firstCondition: ConditionUpdate | undefined;
  let usage: PodUsage[] | undefined;
  for (const spec of specs) {
    try {
      if (spec.type !== 'Resource' || !spec.resource?.name) throw new MetricError('InvalidMetricSourceType', `failed to get ${spec.type} metric: the ${spec.type} metric source type is not supported`);
      usage ??= await input.metrics.podMetrics(input.hpa.metadata.namespace);
      const { replicas, status, name } = resourceProposal(input, spec.resource, usage);
      out.statuses.push(status);
      if (out.replicas === 0 || replicas > out.replicas) {
        out.replicas = replicas;
        out.metric = name;
      }
    } catch (err) {
      const reason = err instanceof MetricError ? err.reason : 'FailedGetResourceMetric';
      const message = (err as Error).message;
      out.events.push([reason, message]);
      invalid++;
      if (!firstError) {
        firstError = err instanceof MetricError && reason === 'InvalidMetricSourceType' ? err : new Error(`failed to get ${spec.resource?.name} resource metric value: ${message}`);
        firstCondition = { type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${message}` };
      }
    }
  }
  if (firstError) out.error = new Error(`invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`);
  if (invalid >= specs.length || (invalid > 0 && out.replicas < input.currentReplicas)) {
    out.conditions.push(firstCondition!);
    out.replicas = -1;
    return out;
  }
  out.conditions.push({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${out.metric}` });
  return out;
}

class MetricError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

function resourceProposal(input: MetricsInput, source: KubeObject, usage: PodUsage[]): { replicas: number; status: KubeObject; name: string } {
  const resource: string = source.name;
  const target = source.target ?? {};
  const podLabels = new Map(input.pods.map((p) => [p.metadata.name, p.metadata.labels ?? {}]));
  const metrics = new Map<string, PodMetric>();
  for (const u of usage) {
    if (!input.selector.matches(u.labels ?? podLabels.get(u.name) ?? {})) continue;
    const value = podValue(u, resource);
    if (value !== undefined) metrics.set(u.name, { value, timestamp: u.timestamp, windowMs: u.windowMs });
  }
  const base = { currentReplicas: input.currentReplicas, pods: input.pods, metrics, resource, now: input.now, tolerance: input.tolerance };
  if (target.type === 'AverageValue' || (target.averageValue !== undefined && target.averageUtilization === undefined)) {
    const proposal = wrap(`failed to get ${resource} usage`, () => calculateReplicas({ ...base, target: { averageMilli: milliValue(target.averageValue) } }));
    const status = { type: 'Resource', resource: { name: resource, current: { averageValue: formatMilli(proposal.rawMilli) } } };
    return { replicas: proposal.replicas, status, name: `${resource} resource` };
  }
  if (typeof target.averageUtilization !== 'number') {
    throw new MetricError('FailedGetResourceMetric', 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  }
  const proposal = wrap(`failed to get ${resource} utilization`, () => calculateReplicas({ ...base, target: { utilization: target.averageUtilization } }));
  const status = { type: 'Resource', resource: { name: resource, current: { averageUtilization: proposal.utilization, averageValue: formatMilli(proposal.rawMilli) } } };
  return { replicas: proposal.replicas, status, name: `${resource} resource utilization (percentage of request)` };
}

function wrap<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new MetricError('FailedGetResourceMetric', `${prefix}: ${(err as Error).message}`);
  }
}

/** A pod's usage in thousandths (millicores; bytes × 1000), or undefined for another resource. */
function podValue(u: PodUsage, resource: string): number | undefined {
  if (resource === 'cpu') return u.containers.reduce((s, c) => s + Math.ceil(c.cpuNanoCores / 1e6), 0);
  if (resource === 'memory') return u.containers.reduce((s, c) => s + c.memoryBytes * 1000, 0);
  return undefined;
}

/** resource.NewMilliQuantity(v, DecimalSI) in canonical form (`250m`, `2`, `104857600`). */
export function formatMilli(milli: number): string {
  return formatDecimal(milli, -3);
}
