import type { KubeObject } from '../rest/object-api.js';

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

export interface Behavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

export interface ConditionUpdate {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** The controller's default scale-down stabilization window (`--horizontal-pod-autoscaler-downscale-stabilization`). */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;

/**
 * `spec.behavior` with upstream's defaults filled in (scale-up: max of 100 % or 4 pods per 15 s;
 * scale-down: 100 % per 15 s after the controller's window, 300 s unless the server says otherwise).
 */
export function behaviorOf(spec: KubeObject | undefined, downscaleStabilizationSeconds = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS): Behavior {
  const up = spec?.behavior?.scaleUp ?? {};
  const down = spec?.behavior?.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? downscaleStabilizationSeconds,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

interface Recommendation { replicas: number; at: number }
interface ScaleEvent { change: number; at: number }

/**
 * One HPA's memory between reconciles (upstream keeps it in the controller): recent
 * recommendations for the stabilization windows and recent scale events for the rate policies.
 */
export class ScalingHistory {
  #recommendations: Recommendation[];
  #ups: ScaleEvent[] = [];
  #downs: ScaleEvent[] = [];

  /** Starts with the current size recommended, so a restart does not scale down at once. */
  constructor(currentReplicas: number, now: number) {
    this.#recommendations = [{ replicas: currentReplicas, at: now }];
  }

  /**
   * Upstream's normalizeDesiredReplicasWithBehaviors: stabilizes the recommendation over the
   * windows, records it, then limits the change by the policies and min/max.
   */
  normalize(b: Behavior, current: number, desired: number, min: number, max: number, now: number): { replicas: number; conditions: ConditionUpdate[] } {
    const upCutoff = now - b.scaleUp.stabilizationWindowSeconds * 1000;
    const downCutoff = now - b.scaleDown.stabilizationWindowSeconds * 1000;
    let up = desired;
    let down = desired;
    for (const r of this.#recommendations) {
      if (r.at > upCutoff) up = Math.min(up, r.replicas);
      if (r.at > downCutoff) down = Math.max(down, r.replicas);
    }
    const stabilized = Math.min(Math.max(current, up), down);
    this.#recommendations = this.#recommendations.filter((r) => r.at >= upCutoff || r.at >= downCutoff);
    this.#recommendations.push({ replicas: desired, at: now });

    const conditions: ConditionUpdate[] = [];
    if (stabilized !== desired) {
      conditions.push(desired >= current
        ? { type: 'AbleToScale', status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    } else conditions.push({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });

    const limited = this.#limit(b, current, stabilized, min, max, now);
    conditions.push({ type: 'ScalingLimited', status: limited.replicas === stabilized ? 'False' : 'True', reason: limited.reason, message: limited.message });
    return { replicas: limited.replicas, conditions };
  }

  /** Remembers a rescale for the rate policies. */
  recordScale(b: Behavior, from: number, to: number, now: number): void {
    if (to === from) return;
    const rules = to > from ? b.scaleUp : b.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds)) * 1000;
    const keep = (events: ScaleEvent[]) => [...events.filter((e) => e.at > now - longest), { change: Math.abs(to - from), at: now }];
    if (to > from) this.#ups = keep(this.#ups);
    else this.#downs = keep(this.#downs);
  }

  #limit(b: Behavior, current: number, desired: number, min: number, max: number, now: number): { replicas: number; reason: string; message: string } {
    if (desired > current) {
      const limit = Math.max(current, this.#rate(b.scaleUp, current, now, 1));
      const [allowed, reason, message] = max > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      if (desired > allowed) return { replicas: allowed, reason, message };
    } else if (desired < current) {
      const limit = Math.min(current, this.#rate(b.scaleDown, current, now, -1));
      const [allowed, reason, message] = min < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      if (desired < allowed) return { replicas: allowed, reason, message };
    }
    return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
  }

  /** The furthest the policies allow from the size at the start of each period (direction 1 up, -1 down). */
  #rate(rules: ScalingRules, current: number, now: number, direction: 1 | -1): number {
    if (rules.selectPolicy === 'Disabled') return current;
    // "Max" picks the biggest change: the highest limit up, the lowest limit down.
    const pickHighest = (rules.selectPolicy === 'Max') === (direction === 1);
    let result = pickHighest ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (const p of rules.policies) {
      const since = now - p.periodSeconds * 1000;
      const added = this.#ups.filter((e) => e.at > since).reduce((s, e) => s + e.change, 0);
      const removed = this.#downs.filter((e) => e.at > since).reduce((s, e) => s + e.change, 0);
      const start = current - added + removed;
      let proposed: number;
      if (direction === 1) proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = pickHighest ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return Number.isFinite(result) ? result : current;
  }
}
