export { createStreamingProxy } from './streaming-proxy.js';
export { agentPath } from './agent-path.js';
export type { NodeEndpoint, StreamingProxy, StreamingProxyOptions } from './types.js';
