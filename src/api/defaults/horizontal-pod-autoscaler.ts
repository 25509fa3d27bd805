/**
 * autoscaling HorizontalPodAutoscaler defaults. v2: minReplicas 1, a CPU 80 % utilization metric
 * when none is given, and, when `behavior` is given, its unset scaling rules filled (scale-down's
 * stabilization window stays unset: the controller's flag decides it). v1: minReplicas 1.
 */
import { objectAt, setDefault, type JsonObject } from './json.js';

const SCALE_UP_RULES = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN_RULES = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

export function defaultHorizontalPodAutoscalerV2(hpa: JsonObject): void {
  const spec = objectAt(hpa, 'spec', true);
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = objectAt(spec, 'behavior');
  if (behavior) {
    fillRules(behavior, 'scaleUp', SCALE_UP_RULES);
    fillRules(behavior, 'scaleDown', SCALE_DOWN_RULES);
  }
}

export function defaultHorizontalPodAutoscalerV1(hpa: JsonObject): void {
  setDefault(objectAt(hpa, 'spec', true), 'minReplicas', 1);
}

function fillRules(behavior: JsonObject, key: string, defaults: JsonObject): void {
  const rules = objectAt(behavior, key, true);
  for (const [field, value] of Object.entries(defaults)) {
    if (rules[field] === undefined || rules[field] === null) rules[field] = structuredClone(value);
  }
}
