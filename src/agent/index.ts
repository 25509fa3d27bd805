export { startAgent, type RunningAgent } from './agent.js';
export { leaseRenewIntervalMs } from './lease.js';
export type { AgentOptions, AgentStats, ContainerLocation, Taint } from './types.js';
export { containerLogPath, podDir, agentDir } from './paths.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export { parseQuantity } from './quantity.js';
