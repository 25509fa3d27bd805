export { DEFAULT_PLUGINS, failureMessage, findNode, podInfoOf } from '../../../src/server/scheduler/index.js';
export { newCycleState as newCycleStateForTest } from '../../../src/server/scheduler/types.js';
