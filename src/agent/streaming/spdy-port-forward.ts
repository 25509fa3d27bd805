import type { Duplex } from 'node:stream';
import { SpdySession, RstStatus, type SpdyStream } from './spdy/index.js';

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  port: number;
}

/**
 * Serves `portforward.k8s.io` over SPDY: per forwarded connection the client opens an error
 * stream and a data stream carrying the same `port` and `requestID` headers. Works over an
 * upgraded socket or over a WebSocket tunnel (`SPDY/3.1+portforward.k8s.io`).
 */
export async function serveSpdyPortForward(socket: Duplex, head: Buffer | undefined, dial: (port: number) => Promise<Duplex>, describe: (port: number) => string): Promise<void> {
  const pairs = new Map<string, Pair>();
  const session = new SpdySession(
    socket,
    {
      onStream(stream) {
        const { streamtype: type, port: rawPort, requestid: requestId = '' } = stream.headers;
        const port = Number(rawPort);
        if ((type !== 'data' && type !== 'error') || !Number.isInteger(port) || port < 1 || port > 65535) {
          stream.reset(RstStatus.ProtocolError);
          return;
        }
        const pair = pairs.get(requestId) ?? { port };
        pairs.set(requestId, pair);
        if (pair[type]) {
          stream.reset(RstStatus.ProtocolError);
          return;
        }
        pair[type] = stream;
        void stream.reply();
        if (pair.data && pair.error) {
          pairs.delete(requestId);
          void forward(pair.data, pair.error, port, dial, describe);
        }
      },
    },
    head,
  );
  await session.closed;
}

async function forward(data: SpdyStream, error: SpdyStream, port: number, dial: (port: number) => Promise<Duplex>, describe: (port: number) => string): Promise<void> {
  // The client only reads the error stream; its own side is closed at once.
  error.resume();
  let conn: Duplex;
  try {
    conn = await dial(port);
  } catch (err) {
    fail(data, error, `error forwarding port ${port} to ${describe(port)}: ${(err as Error).message}`);
    return;
  }
  let failed = false;
  conn.on('error', (err) => {
    failed = true;
    fail(data, error, `error forwarding port ${port} to ${describe(port)}: ${err.message}`);
  });
  conn.on('close', () => {
    if (!failed && !error.writableEnded && !error.destroyed) error.end();
  });
  data.on('close', () => {
    if (data.wasReset) conn.destroy();
  });
  data.on('error', () => conn.destroy());
  data.pipe(conn);
  conn.pipe(data);
}

function fail(data: SpdyStream, error: SpdyStream, message: string): void {
  if (!error.writableEnded && !error.destroyed) error.end(message);
  if (!data.writableEnded && !data.destroyed) data.end();
}
