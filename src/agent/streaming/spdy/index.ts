export { SpdySession, type SpdySessionOptions } from './spdy-session.js';
export { SpdyStream } from './spdy-stream.js';
export { RstStatus } from './frames.js';
export type { SpdyHeaders } from './header-block.js';
