/**
 * Type tables for autoscaling v2 (HorizontalPodAutoscaler with metric sources and behavior) and
 * autoscaling v1 (the older HorizontalPodAutoscaler and the Scale subresource).
 * Field numbers follow upstream's autoscaling/v1 and v2 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

const CONDITION_LIST = {
  mergeKey: 'type',
  patchStrategy: 'merge',
  listType: 'map',
  listMapKeys: ['type'],
} as const;

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] as const;

const V2: TypeRegistry = {
  'autoscaling.v2.HorizontalPodAutoscaler': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'autoscaling.v2.HorizontalPodAutoscalerSpec' }, 2],
    status: [{ ref: 'autoscaling.v2.HorizontalPodAutoscalerStatus' }, 3],
  },
  'autoscaling.v2.HorizontalPodAutoscalerList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'autoscaling.v2.HorizontalPodAutoscaler' } }, 2, { required: true }],
  },
  'autoscaling.v2.HorizontalPodAutoscalerSpec': {
    scaleTargetRef: [{ ref: 'autoscaling.v2.CrossVersionObjectReference' }, 1, { required: true, description: 'Object whose scale subresource is driven.' }],
    minReplicas: ['int32', 2, { description: 'Lowest replica count; 1 when unset.' }],
    maxReplicas: ['int32', 3, { required: true, description: 'Highest replica count.' }],
    metrics: [{ list: { ref: 'autoscaling.v2.MetricSpec' } }, 4, { listType: 'atomic', description: 'Metrics the replica count is computed from; 80% average CPU when unset.' }],
    behavior: [{ ref: 'autoscaling.v2.HorizontalPodAutoscalerBehavior' }, 5],
  },
  'autoscaling.v2.CrossVersionObjectReference': {
    kind: ['string', 1, { required: true }],
    name: ['string', 2, { required: true }],
    apiVersion: ['string', 3],
  },
  'autoscaling.v2.MetricSpec': {
    type: ['string', 1, { required: true, enum: METRIC_TYPES }],
    object: [{ ref: 'autoscaling.v2.ObjectMetricSource' }, 2],
    pods: [{ ref: 'autoscaling.v2.PodsMetricSource' }, 3],
    resource: [{ ref: 'autoscaling.v2.ResourceMetricSource' }, 4],
    containerResource: [{ ref: 'autoscaling.v2.ContainerResourceMetricSource' }, 7],
    external: [{ ref: 'autoscaling.v2.ExternalMetricSource' }, 5],
  },
  'autoscaling.v2.ObjectMetricSource': {
    describedObject: [{ ref: 'autoscaling.v2.CrossVersionObjectReference' }, 1, { required: true }],
    target: [{ ref: 'autoscaling.v2.MetricTarget' }, 2, { required: true }],
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 3, { required: true }],
  },
  'autoscaling.v2.PodsMetricSource': {
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 1, { required: true }],
    target: [{ ref: 'autoscaling.v2.MetricTarget' }, 2, { required: true }],
  },
  'autoscaling.v2.ResourceMetricSource': {
    name: ['string', 1, { required: true, description: 'Resource name, e.g. cpu or memory.' }],
    target: [{ ref: 'autoscaling.v2.MetricTarget' }, 2, { required: true }],
  },
  'autoscaling.v2.ContainerResourceMetricSource': {
    name: ['string', 1, { required: true }],
    target: [{ ref: 'autoscaling.v2.MetricTarget' }, 2, { required: true }],
    container: ['string', 3, { required: true }],
  },
  'autoscaling.v2.ExternalMetricSource': {
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 1, { required: true }],
    target: [{ ref: 'autoscaling.v2.MetricTarget' }, 2, { required: true }],
  },
  'autoscaling.v2.MetricIdentifier': {
    name: ['string', 1, { required: true }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2],
  },
  'autoscaling.v2.MetricTarget': {
    type: ['string', 1, { required: true, enum: ['Utilization', 'Value', 'AverageValue'] }],
    value: ['quantity', 2],
    averageValue: ['quantity', 3],
    averageUtilization: ['int32', 4, { description: 'Target percentage of the requested resource, averaged over pods.' }],
  },
  'autoscaling.v2.HorizontalPodAutoscalerBehavior': {
    scaleUp: [{ ref: 'autoscaling.v2.HPAScalingRules' }, 1],
    scaleDown: [{ ref: 'autoscaling.v2.HPAScalingRules' }, 2],
  },
  'autoscaling.v2.HPAScalingRules': {
    stabilizationWindowSeconds: ['int32', 3],
    selectPolicy: ['string', 1, { enum: ['Max', 'Min', 'Disabled'] }],
    policies: [{ list: { ref: 'autoscaling.v2.HPAScalingPolicy' } }, 2, { listType: 'atomic' }],
    tolerance: ['quantity', 4, { description: 'Relative metric change below which no scaling happens.' }],
  },
  'autoscaling.v2.HPAScalingPolicy': {
    type: ['string', 1, { required: true, enum: ['Pods', 'Percent'] }],
    value: ['int32', 2, { required: true }],
    periodSeconds: ['int32', 3, { required: true }],
  },
  'autoscaling.v2.HorizontalPodAutoscalerStatus': {
    observedGeneration: ['int64', 1],
    lastScaleTime: ['time', 2],
    currentReplicas: ['int32', 3],
    desiredReplicas: ['int32', 4, { required: true }],
    currentMetrics: [{ list: { ref: 'autoscaling.v2.MetricStatus' } }, 5, { listType: 'atomic' }],
    conditions: [{ list: { ref: 'autoscaling.v2.HorizontalPodAutoscalerCondition' } }, 6, CONDITION_LIST],
  },
  'autoscaling.v2.HorizontalPodAutoscalerCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastTransitionTime: ['time', 3],
    reason: ['string', 4],
    message: ['string', 5],
  },
  'autoscaling.v2.MetricStatus': {
    type: ['string', 1, { required: true, enum: METRIC_TYPES }],
    object: [{ ref: 'autoscaling.v2.ObjectMetricStatus' }, 2],
    pods: [{ ref: 'autoscaling.v2.PodsMetricStatus' }, 3],
    resource: [{ ref: 'autoscaling.v2.ResourceMetricStatus' }, 4],
    containerResource: [{ ref: 'autoscaling.v2.ContainerResourceMetricStatus' }, 7],
    external: [{ ref: 'autoscaling.v2.ExternalMetricStatus' }, 5],
  },
  'autoscaling.v2.ObjectMetricStatus': {
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 1, { required: true }],
    current: [{ ref: 'autoscaling.v2.MetricValueStatus' }, 2, { required: true }],
    describedObject: [{ ref: 'autoscaling.v2.CrossVersionObjectReference' }, 3, { required: true }],
  },
  'autoscaling.v2.PodsMetricStatus': {
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 1, { required: true }],
    current: [{ ref: 'autoscaling.v2.MetricValueStatus' }, 2, { required: true }],
  },
  'autoscaling.v2.ResourceMetricStatus': {
    name: ['string', 1, { required: true }],
    current: [{ ref: 'autoscaling.v2.MetricValueStatus' }, 2, { required: true }],
  },
  'autoscaling.v2.ContainerResourceMetricStatus': {
    name: ['string', 1, { required: true }],
    current: [{ ref: 'autoscaling.v2.MetricValueStatus' }, 2, { required: true }],
    container: ['string', 3, { required: true }],
  },
  'autoscaling.v2.ExternalMetricStatus': {
    metric: [{ ref: 'autoscaling.v2.MetricIdentifier' }, 1, { required: true }],
    current: [{ ref: 'autoscaling.v2.MetricValueStatus' }, 2, { required: true }],
  },
  'autoscaling.v2.MetricValueStatus': {
    value: ['quantity', 1],
    averageValue: ['quantity', 2],
    averageUtilization: ['int32', 3],
  },
};

const V1: TypeRegistry = {
  'autoscaling.v1.HorizontalPodAutoscaler': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'autoscaling.v1.HorizontalPodAutoscalerSpec' }, 2],
    status: [{ ref: 'autoscaling.v1.HorizontalPodAutoscalerStatus' }, 3],
  },
  'autoscaling.v1.HorizontalPodAutoscalerList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'autoscaling.v1.HorizontalPodAutoscaler' } }, 2, { required: true }],
  },
  'autoscaling.v1.HorizontalPodAutoscalerSpec': {
    scaleTargetRef: [{ ref: 'autoscaling.v1.CrossVersionObjectReference' }, 1, { required: true }],
    minReplicas: ['int32', 2],
    maxReplicas: ['int32', 3, { required: true }],
    targetCPUUtilizationPercentage: ['int32', 4, { description: 'Target average CPU use, as a percentage of requested CPU.' }],
  },
  'autoscaling.v1.HorizontalPodAutoscalerStatus': {
    observedGeneration: ['int64', 1],
    lastScaleTime: ['time', 2],
    currentReplicas: ['int32', 3, { required: true }],
    desiredReplicas: ['int32', 4, { required: true }],
    currentCPUUtilizationPercentage: ['int32', 5],
  },
  'autoscaling.v1.HorizontalPodAutoscalerCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastTransitionTime: ['time', 3],
    reason: ['string', 4],
    message: ['string', 5],
  },
  'autoscaling.v1.CrossVersionObjectReference': {
    kind: ['string', 1, { required: true }],
    name: ['string', 2, { required: true }],
    apiVersion: ['string', 3],
  },
  'autoscaling.v1.MetricSpec': {
    type: ['string', 1, { required: true, enum: METRIC_TYPES }],
    object: [{ ref: 'autoscaling.v1.ObjectMetricSource' }, 2],
    pods: [{ ref: 'autoscaling.v1.PodsMetricSource' }, 3],
    resource: [{ ref: 'autoscaling.v1.ResourceMetricSource' }, 4],
    containerResource: [{ ref: 'autoscaling.v1.ContainerResourceMetricSource' }, 7],
    external: [{ ref: 'autoscaling.v1.ExternalMetricSource' }, 5],
  },
  'autoscaling.v1.MetricStatus': {
    type: ['string', 1, { required: true, enum: METRIC_TYPES }],
    object: [{ ref: 'autoscaling.v1.ObjectMetricStatus' }, 2],
    pods: [{ ref: 'autoscaling.v1.PodsMetricStatus' }, 3],
    resource: [{ ref: 'autoscaling.v1.ResourceMetricStatus' }, 4],
    containerResource: [{ ref: 'autoscaling.v1.ContainerResourceMetricStatus' }, 7],
    external: [{ ref: 'autoscaling.v1.ExternalMetricStatus' }, 5],
  },
  'autoscaling.v1.ObjectMetricSource': {
    target: [{ ref: 'autoscaling.v1.CrossVersionObjectReference' }, 1, { required: true }],
    metricName: ['string', 2, { required: true }],
    targetValue: ['quantity', 3, { required: true }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 4],
    averageValue: ['quantity', 5],
  },
  'autoscaling.v1.ObjectMetricStatus': {
    target: [{ ref: 'autoscaling.v1.CrossVersionObjectReference' }, 1, { required: true }],
    metricName: ['string', 2, { required: true }],
    currentValue: ['quantity', 3, { required: true }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 4],
    averageValue: ['quantity', 5],
  },
  'autoscaling.v1.PodsMetricSource': {
    metricName: ['string', 1, { required: true }],
    targetAverageValue: ['quantity', 2, { required: true }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 3],
  },
  'autoscaling.v1.PodsMetricStatus': {
    metricName: ['string', 1, { required: true }],
    currentAverageValue: ['quantity', 2, { required: true }],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 3],
  },
  'autoscaling.v1.ResourceMetricSource': {
    name: ['string', 1, { required: true }],
    targetAverageUtilization: ['int32', 2],
    targetAverageValue: ['quantity', 3],
  },
  'autoscaling.v1.ResourceMetricStatus': {
    name: ['string', 1, { required: true }],
    currentAverageUtilization: ['int32', 2],
    currentAverageValue: ['quantity', 3, { required: true }],
  },
  'autoscaling.v1.ContainerResourceMetricSource': {
    name: ['string', 1, { required: true }],
    targetAverageUtilization: ['int32', 2],
    targetAverageValue: ['quantity', 3],
    container: ['string', 5, { required: true }],
  },
  'autoscaling.v1.ContainerResourceMetricStatus': {
    name: ['string', 1, { required: true }],
    currentAverageUtilization: ['int32', 2],
    currentAverageValue: ['quantity', 3, { required: true }],
    container: ['string', 4, { required: true }],
  },
  'autoscaling.v1.ExternalMetricSource': {
    metricName: ['string', 1, { required: true }],
    metricSelector: [{ ref: 'meta.v1.LabelSelector' }, 2],
    targetValue: ['quantity', 3],
    targetAverageValue: ['quantity', 4],
  },
  'autoscaling.v1.ExternalMetricStatus': {
    metricName: ['string', 1, { required: true }],
    metricSelector: [{ ref: 'meta.v1.LabelSelector' }, 2],
    currentValue: ['quantity', 3, { required: true }],
    currentAverageValue: ['quantity', 4],
  },
  'autoscaling.v1.Scale': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'autoscaling.v1.ScaleSpec' }, 2],
    status: [{ ref: 'autoscaling.v1.ScaleStatus' }, 3],
  },
  'autoscaling.v1.ScaleSpec': {
    replicas: ['int32', 1, { description: 'Desired number of instances.' }],
  },
  'autoscaling.v1.ScaleStatus': {
    replicas: ['int32', 1, { required: true }],
    selector: ['string', 2, { description: 'Pod label selector in query-string form.' }],
  },
};

export const AUTOSCALING: TypeRegistry = { ...V2, ...V1 };
