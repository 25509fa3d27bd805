export { schedulerController, needsScheduling, SCHEDULER_NAME, type SchedulerOptions, type SchedulerSpec } from './scheduler-controller.js';
export { findNode, feasibleNodesToFind, type FindNodeOptions, type FindNodeResult } from './find-node.js';
export { DEFAULT_PLUGINS, type PluginRegistry } from './registry.js';
export { NodeInfoCache } from './node-info-cache.js';
export { createEventRecorder, type EventRecorder, type EventType } from '../controllers/event-recorder.js';
export { failureMessage } from './failure-message.js';
export { parseQuantity, milliValue, intValue } from './quantity.js';
export { podInfoOf, podRequests } from './pod-info.js';
export type { CycleState, FilterPlugin, NodeInfo, PodInfo, Resources, ScorePlugin } from './types.js';
