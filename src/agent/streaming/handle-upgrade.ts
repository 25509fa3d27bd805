import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocketServer } from 'ws';
import { parseCommandRequest } from './command-request.js';
import type { StreamingRoute } from './route.js';
import { serveSpdyCommand } from './spdy-remote-command.js';
import { serveSpdyPortForward } from './spdy-port-forward.js';
import { errorStatus, exitStatus, type ExecStatus } from './status.js';
import type { ExecIo, StreamingServerOptions } from './types.js';
import {
  PORT_FORWARD_SPDY_PROTOCOL, PORT_FORWARD_TUNNEL_PROTOCOL, REMOTE_COMMAND_SPDY_PROTOCOLS, REMOTE_COMMAND_WS_PROTOCOLS,
  acceptSpdyUpgrade, isSpdyUpgrade, isWebSocketUpgrade, pickProtocol, rejectUpgrade, spdyOfferedProtocols,
} from './upgrade-negotiation.js';
import { serveWebSocketCommand } from './websocket-remote-command.js';

/** The token negotiated with `ws` in place of `SPDY/3.1+portforward.k8s.io`. */
export const TUNNEL_STAND_IN = 'mk8s-spdy-tunnel';

/** The WebSocket server that completes handshakes, and the protocol chosen for each request. */
export interface WebSocketHandshake {
  wss: WebSocketServer;
  chosen: WeakMap<IncomingMessage, string>;
}

/** Serves an exec, attach or portForward upgrade on the agent, over SPDY/3.1 or WebSocket. */
export async function handleStreamingUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: StreamingRoute, query: URLSearchParams, options: StreamingServerOptions, ws: WebSocketHandshake): Promise<void> {
  const websocket = isWebSocketUpgrade(req);
  if (!websocket && !isSpdyUpgrade(req)) return rejectUpgrade(socket, 400, 'BadRequest', `unsupported upgrade "${req.headers.upgrade ?? ''}"`);
  const target = await options.findContainer(route.namespace, route.pod, route.container);
  if (!target) {
    const what = route.container ? `container "${route.container}" in pod "${route.pod}"` : `pod "${route.pod}"`;
    return rejectUpgrade(socket, 404, 'NotFound', `${what} not found in namespace "${route.namespace}" on this node`);
  }
  if (route.kind === 'portForward') {
    const pod = { namespace: route.namespace, pod: route.pod, podIp: target.podIp, netnsPath: target.netnsPath };
    const dial = async (port: number) => options.portForward(pod, port);
    const describe = () => `pod ${route.namespace}/${route.pod}`;
    if (websocket) {
      const offered = wsOffered(req);
      if (!offered.includes(PORT_FORWARD_TUNNEL_PROTOCOL)) return rejectUpgrade(socket, 400, 'BadRequest', `unsupported port-forward protocols ${JSON.stringify(offered)}`);
      // `ws` refuses '/' in a subprotocol token: negotiate a stand-in, restored in the response headers.
      req.headers['sec-websocket-protocol'] = TUNNEL_STAND_IN;
      ws.chosen.set(req, TUNNEL_STAND_IN);
      ws.wss.handleUpgrade(req, socket, head, (conn) => {
        const tunnel = createWebSocketStream(conn);
        tunnel.on('error', () => tunnel.destroy());
        void serveSpdyPortForward(tunnel, undefined, dial, describe);
      });
      return;
    }
    if (!spdyOfferedProtocols(req).includes(PORT_FORWARD_SPDY_PROTOCOL)) return rejectUpgrade(socket, 400, 'BadRequest', 'unsupported port-forward protocol');
    acceptSpdyUpgrade(socket, PORT_FORWARD_SPDY_PROTOCOL);
    return serveSpdyPortForward(socket, head, dial, describe);
  }
  const request = parseCommandRequest(query);
  if (route.kind === 'exec' && request.command.length === 0) return rejectUpgrade(socket, 400, 'BadRequest', 'you must specify at least one command for the container');
  if (!request.stdin && !request.stdout && !request.stderr) return rejectUpgrade(socket, 400, 'BadRequest', 'you must specify at least one of stdin, stdout, stderr');
  const attach = options.attach;
  if (route.kind === 'attach' && !attach) return rejectUpgrade(socket, 400, 'BadRequest', 'attach is not supported by this node');
  const run = async (io: ExecIo): Promise<ExecStatus> => {
    try {
      const code = route.kind === 'attach' ? await attach!(target.containerId, io) : await options.exec(target.containerId, request.command, io);
      return exitStatus(code, request.command);
    } catch (err) {
      return errorStatus(err);
    }
  };
  if (websocket) {
    const protocol = pickProtocol(wsOffered(req), REMOTE_COMMAND_WS_PROTOCOLS);
    if (!protocol) return rejectUpgrade(socket, 400, 'BadRequest', `unsupported stream protocols ${JSON.stringify(wsOffered(req))}`);
    ws.chosen.set(req, protocol);
    ws.wss.handleUpgrade(req, socket, head, (conn) => void serveWebSocketCommand(conn, request, run));
    return;
  }
  const protocol = pickProtocol(spdyOfferedProtocols(req), REMOTE_COMMAND_SPDY_PROTOCOLS);
  if (!protocol) return rejectUpgrade(socket, 400, 'BadRequest', `unsupported stream protocols ${JSON.stringify(spdyOfferedProtocols(req))}`);
  acceptSpdyUpgrade(socket, protocol);
  await serveSpdyCommand(socket, head, request, run, options.streamCreationTimeoutMs ?? 30_000);
}

function wsOffered(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
