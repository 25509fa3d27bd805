export { createStreamingServer, type StreamingServer } from './streaming-server.js';
export type { ContainerTarget, ExecIo, PortForwardTarget, StreamingServerOptions, TerminalSize } from './types.js';
export { exitStatus, errorStatus, type ExecStatus } from './status.js';
export { LineClock } from './line-clock.js';
export { parseStreamingRoute, type StreamingRoute } from './route.js';
