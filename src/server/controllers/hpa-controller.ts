import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.js';
import { NotFoundError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { MetricsSource } from '../metrics/types.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone, nowTime } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import { keyOf, splitKey, type ControllerSpec } from './controller.js';
import { createEventRecorder } from './event-recorder.js';
import { behaviorOf, ScalingHistory, type ConditionUpdate } from './hpa-behavior.js';
import { proposeFromMetrics } from './hpa-metrics.js';

const HPA_PREFIX = '/registry/autoscaling/horizontalpodautoscalers/';
const POD_PREFIX = '/registry/core/pods/';

/** The kinds whose scale the HPA drives, by `scaleTargetRef.kind`. */
const TARGETS: Record<string, { resource: string; group: string; plural: string; prefix: string }> = {
  Deployment: { resource: 'deployments.apps', group: 'apps', plural: 'deployments', prefix: '/registry/apps/deployments/' },
  ReplicaSet: { resource: 'replicasets.apps', group: 'apps', plural: 'replicasets', prefix: '/registry/apps/replicasets/' },
  StatefulSet: { resource: 'statefulsets.apps', group: 'apps', plural: 'statefulsets', prefix: '/registry/apps/statefulsets/' },
};

export interface HpaControllerOptions {
  /** Where pod usage comes from (the MetricsProvider; a fake in tests). */
  metrics: MetricsSource;
  now?: () => number;
  /** Upstream's `--horizontal-pod-autoscaler-tolerance` (default 0.1). */
  tolerance?: number;
  /** Upstream's `--horizontal-pod-autoscaler-sync-period` (default: the server config's, else 15 s). */
  resyncMs?: number;
  /** Upstream's `--horizontal-pod-autoscaler-downscale-stabilization` (default: the server config's, else 300 s). */
  downscaleStabilizationSeconds?: number;
}

/**
 * HorizontalPodAutoscaler (autoscaling/v2, resource metrics): every sync period, computes the
 * replica count from pod usage against the target (upstream's algorithm and tolerance),
 * stabilizes and rate-limits it by `behavior`, clamps it to min/max, updates the target's
 * `spec.replicas`, and writes currentReplicas, desiredReplicas, currentMetrics,
 * lastScaleTime and the AbleToScale/ScalingActive/ScalingLimited conditions last.
 */
export function hpaController(client: InProcessClient, log: Logger, config: ServerConfig | undefined, options: HpaControllerOptions): ControllerSpec {
  const now = options.now ?? Date.now;
  const downscaleWindow = options.downscaleStabilizationSeconds ?? config?.hpaDownscaleStabilizationSeconds;
  const behaviorOfHpa = (hpa: KubeObject) => behaviorOf(hpa.spec, downscaleWindow);
  const recorder = createEventRecorder(client, { component: 'horizontal-pod-autoscaler', now });
  const histories = new Map<string, { uid: string; history: ScalingHistory }>();
  const cache = client.api.cache;

  const historyOf = (key: string, hpa: KubeObject, current: number): ScalingHistory => {
    let entry = histories.get(key);
    if (!entry || entry.uid !== hpa.metadata.uid) {
      entry = { uid: hpa.metadata.uid, history: new ScalingHistory(current, now()) };
      histories.set(key, entry);
    }
    return entry.history;
  };

  const writeStatus = async (hpa: KubeObject, status: KubeObject): Promise<void> => {
    if (jsonEqual(status, hpa.status ?? {})) return;
    const fresh = client.tryGet('horizontalpodautoscalers.autoscaling', hpa.metadata.namespace, hpa.metadata.name);
    if (!fresh || fresh.metadata.uid !== hpa.metadata.uid) return;
    fresh.status = status;
    await client.updateStatus('horizontalpodautoscalers.autoscaling', fresh);
  };

  return {
    name: 'horizontal-pod-autoscaler',
    resyncMs: options.resyncMs ?? (config ? config.hpaSyncPeriodSeconds * 1000 : 15_000),
    resyncKeys: () => cache.list(HPA_PREFIX).map((c) => keyOf(c.obj)),
    watch(add) {
      return cache.subscribe((e) => {
        if (e.key.startsWith(HPA_PREFIX) && (e.type !== 'MODIFIED' || e.obj.metadata?.generation !== e.prev?.metadata?.generation)) add(keyOf(e.obj));
      });
    },
    async reconcile(key) {
      const [namespace, name] = splitKey(key);
      const hpa = cache.get(`${HPA_PREFIX}${namespace}/${name}`)?.obj;
      if (!hpa || hpa.metadata.deletionTimestamp) {
        histories.delete(key);
        return;
      }
      const t = now();
      const conditions: KubeObject[] = clone(hpa.status?.conditions ?? []);
      const set = (c: ConditionUpdate) => setCondition(conditions, c, t);
      const status = (currentReplicas: number, desiredReplicas: number, metrics: KubeObject[], rescaled: boolean): KubeObject => {
        const out: KubeObject = { ...(hpa.metadata.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}) };
        const lastScaleTime = rescaled ? nowTime(t) : hpa.status?.lastScaleTime;
        if (lastScaleTime) out.lastScaleTime = lastScaleTime;
        out.currentReplicas = currentReplicas;
        out.desiredReplicas = desiredReplicas;
        if (metrics.length) out.currentMetrics = metrics;
        out.conditions = conditions;
        return out;
      };

      const ref = hpa.spec?.scaleTargetRef ?? {};
      const kind = TARGETS[ref.kind];
      const target = kind ? cache.get(`${kind.prefix}${namespace}/${ref.name}`)?.obj : undefined;
      if (!kind || !target) {
        const why = kind ? new NotFoundError(kind.plural, kind.group, ref.name).message : `unable to determine resource for scale target reference: no matches for kind "${ref.kind}" in group "${groupOf(ref.apiVersion)}"`;
        await recorder.record(hpa, 'Warning', 'FailedGetScale', why);
        set({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${why}` });
        await writeStatus(hpa, status(hpa.status?.currentReplicas ?? 0, hpa.status?.desiredReplicas ?? 0, hpa.status?.currentMetrics ?? [], false));
        throw new Error(`failed to query scale subresource for ${ref.kind}/${namespace}/${ref.name}: ${why}`);
      }
      set({ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });

      const currentReplicas: number = target.spec?.replicas ?? 1;
      const minReplicas: number = hpa.spec?.minReplicas ?? 1;
      const maxReplicas: number = hpa.spec?.maxReplicas ?? minReplicas;
      let desiredReplicas = 0;
      let reason = '';
      let rescale = true;
      let metricStatuses: KubeObject[] = [];
      let deferred: Error | undefined;
      if (currentReplicas === 0 && minReplicas !== 0) {
        rescale = false;
        set({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
      } else if (currentReplicas > maxReplicas) {
        reason = 'Current number of replicas above Spec.MaxReplicas';
        desiredReplicas = maxReplicas;
      } else if (currentReplicas < minReplicas) {
        reason = 'Current number of replicas below Spec.MinReplicas';
        desiredReplicas = minReplicas;
      } else {
        const selector = selectorOf(target.spec?.selector);
        if (!selector) {
          await recorder.record(hpa, 'Warning', 'SelectorRequired', 'selector is required');
          set({ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message: "the HPA target's scale is missing a selector" });
          await writeStatus(hpa, status(currentReplicas, hpa.status?.desiredReplicas ?? currentReplicas, [], false));
          throw new Error(`failed to compute desired number of replicas based on listed metrics for ${ref.kind}/${namespace}/${ref.name}: selector is required`);
        }
        const pods = cache.list(`${POD_PREFIX}${namespace}/`).map((c) => c.obj).filter((p) => selector.matches(p.metadata.labels ?? {}));
        const proposal = await proposeFromMetrics({ hpa, selector, currentReplicas, pods, metrics: options.metrics, now: t, tolerance: options.tolerance });
        metricStatuses = proposal.statuses;
        for (const [r, m] of proposal.events) await recorder.record(hpa, 'Warning', r, m);
        for (const c of proposal.conditions) set(c);
        if (proposal.replicas === -1) {
          await writeStatus(hpa, status(currentReplicas, hpa.status?.desiredReplicas ?? currentReplicas, metricStatuses, false));
          const message = proposal.error?.message ?? 'no valid metrics';
          await recorder.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', message);
          throw new Error(`failed to compute desired number of replicas based on listed metrics for ${ref.kind}/${namespace}/${ref.name}: ${message}`);
        }
        deferred = proposal.error;
        let metric = '';
        if (proposal.replicas > desiredReplicas) {
          desiredReplicas = proposal.replicas;
          metric = proposal.metric;
        }
        if (desiredReplicas > currentReplicas) reason = `${metric} above target`;
        if (desiredReplicas < currentReplicas) reason = 'All metrics below target';
        const behavior = behaviorOfHpa(hpa);
        const normalized = historyOf(key, hpa, currentReplicas).normalize(behavior, currentReplicas, desiredReplicas, minReplicas, maxReplicas, t);
        for (const c of normalized.conditions) set(c);
        desiredReplicas = normalized.replicas;
        rescale = desiredReplicas !== currentReplicas;
      }

      if (rescale) {
        try {
          await client.patch(kind.resource, namespace, ref.name, 'merge', { spec: { replicas: desiredReplicas } });
        } catch (err) {
          const message = (err as Error).message;
          await recorder.record(hpa, 'Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${reason}; error: ${message}`);
          set({ type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${message}` });
          await writeStatus(hpa, status(currentReplicas, hpa.status?.desiredReplicas ?? currentReplicas, metricStatuses, false));
          throw new Error(`failed to rescale ${ref.kind}/${namespace}/${ref.name}: ${message}`);
        }
        set({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desiredReplicas}` });
        await recorder.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${reason}`);
        historyOf(key, hpa, currentReplicas).recordScale(behaviorOfHpa(hpa), currentReplicas, desiredReplicas, t);
        log.info('rescaled', { key, target: `${ref.kind}/${ref.name}`, from: currentReplicas, to: desiredReplicas, reason });
      } else desiredReplicas = currentReplicas;

      await writeStatus(hpa, status(currentReplicas, desiredReplicas, metricStatuses, rescale));
      if (deferred) throw deferred;
    },
  };
}

/** Upstream's setCondition: lastTransitionTime moves only when the status changes. */
function setCondition(list: KubeObject[], c: ConditionUpdate, now: number): void {
  let existing = list.find((x) => x.type === c.type);
  if (!existing) {
    existing = { type: c.type };
    list.push(existing);
  }
  if (existing.status !== c.status) existing.lastTransitionTime = nowTime(now);
  existing.status = c.status;
  existing.reason = c.reason;
  existing.message = c.message;
}

function selectorOf(sel: KubeObject | undefined): LabelSelector | undefined {
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return undefined;
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return undefined;
  }
}

function groupOf(apiVersion: string | undefined): string {
  return apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
}
