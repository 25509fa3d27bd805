import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { TUNNEL_STAND_IN, handleStreamingUpgrade, type WebSocketHandshake } from './handle-upgrade.js';
import { PORT_FORWARD_TUNNEL_PROTOCOL, rejectUpgrade } from './upgrade-negotiation.js';
import { LineClock } from './line-clock.js';
import { parseLogOptions } from './log-options.js';
import { parseStreamingRoute } from './route.js';
import { serveLogs } from './serve-logs.js';
import type { StreamingServerOptions } from './types.js';

export interface StreamingServer {
  port: number;
  close(): Promise<void>;
}

/** The agent's authenticated HTTPS endpoint for logs, exec, attach and port-forward (kubelet paths). */
export async function createStreamingServer(options: StreamingServerOptions): Promise<StreamingServer> {
  const clock = new LineClock();
  const sockets = new Set<Duplex>();
  const ws: WebSocketHandshake = {
    chosen: new WeakMap(),
    wss: new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (_offered, req) => ws.chosen.get(req) ?? false }),
  };
  ws.wss.on('headers', (headers: string[], req: IncomingMessage) => {
    if (ws.chosen.get(req) !== TUNNEL_STAND_IN) return;
    const i = headers.findIndex((h) => h.toLowerCase().startsWith('sec-websocket-protocol:'));
    if (i >= 0) headers[i] = `Sec-WebSocket-Protocol: ${PORT_FORWARD_TUNNEL_PROTOCOL}`;
  });
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca }, (req, res) => {
    handleRequest(req, res, options, clock).catch((err) => sendStatus(res, 500, 'InternalError', (err as Error).message));
  });
  server.on('connection', (s: Duplex) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const url = new URL(req.url ?? '/', 'https://agent');
    if (!options.authenticate(req)) return rejectUpgrade(socket, 401, 'Unauthorized', 'Unauthorized');
    const route = parseStreamingRoute(url.pathname);
    if (!route || route.kind === 'containerLogs') return rejectUpgrade(socket, 404, 'NotFound', `no streaming endpoint at ${url.pathname}`);
    handleStreamingUpgrade(req, socket, head, route, url.searchParams, options, ws).catch((err) => {
      if (!socket.destroyed) rejectUpgrade(socket, 500, 'InternalError', (err as Error).message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 10250, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        ws.wss.close();
        server.close(() => resolve());
      }),
  };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, options: StreamingServerOptions, clock: LineClock): Promise<void> {
  if (!options.authenticate(req)) return sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
  if (options.stats && (await options.stats(req, res))) return;
  const url = new URL(req.url ?? '/', 'https://agent');
  const route = parseStreamingRoute(url.pathname);
  if (!route) return sendStatus(res, 404, 'NotFound', `no streaming endpoint at ${url.pathname}`);
  if (route.kind !== 'containerLogs') return sendStatus(res, 400, 'BadRequest', 'Upgrade request required');
  if (req.method !== 'GET') return sendStatus(res, 405, 'MethodNotAllowed', `method ${req.method} is not allowed on ${url.pathname}`);
  let logOptions;
  try {
    logOptions = parseLogOptions(url.searchParams);
  } catch (err) {
    return sendStatus(res, 400, 'BadRequest', (err as Error).message);
  }
  const { namespace, pod, container } = route;
  const target = await options.findContainer(namespace, pod, container);
  if (!target) return sendStatus(res, 404, 'NotFound', `container "${container ?? ''}" in pod "${pod}" is not available`);
  if (logOptions.previous && !target.previousLogPath) {
    return sendStatus(res, 400, 'BadRequest', `previous terminated container "${container ?? ''}" in pod "${pod}" not found`);
  }
  const path = logOptions.previous ? target.previousLogPath! : target.logPath;
  const alive = async () => {
    if (logOptions.previous) return false;
    const now = await options.findContainer(namespace, pod, container);
    if (!now || now.containerId !== target.containerId) return false;
    return options.isRunning ? await options.isRunning(target.containerId) : true;
  };
  await serveLogs(req, res, { path, alive }, logOptions, clock);
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}
