import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import type { NodeEndpoint } from './types.js';

/** Request headers that carry the upgrade negotiation to the agent. */
const FORWARDED = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'x-stream-protocol-version', 'user-agent'];
const BEARER_PROTOCOL = /^base64url\.bearer\.authorization\.k8s\.io\./;

/**
 * Opens a TLS connection to the agent, replays the upgrade request there with the server's
 * credential, and pipes the raw bytes both ways: the agent answers the handshake itself.
 */
export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, node: NodeEndpoint, path: string): Promise<void> {
  return new Promise((resolve) => {
    const agent = connect({ host: node.host, port: node.port, ca: node.ca, servername: isIp(node.host) ? undefined : node.host, ALPNProtocols: ['http/1.1'] });
    const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${node.host}:${node.port}`, `Authorization: Bearer ${node.token}`];
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
    }
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter((p) => p && !BEARER_PROTOCOL.test(p));
    if (protocols.length) lines.push(`sec-websocket-protocol: ${protocols.join(', ')}`);
    const done = () => {
      agent.destroy();
      socket.destroy();
      resolve();
    };
    let piping = false;
    agent.once('secureConnect', () => {
      piping = true;
      agent.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) agent.write(head);
      agent.pipe(socket);
      socket.pipe(agent);
    });
    agent.on('error', (err) => {
      if (!piping) {
        const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'InternalError', code: 500, message: `error dialing backend: ${err.message}` });
        socket.end(`HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        resolve();
      } else done();
    });
    agent.on('close', () => {
      socket.end();
      resolve();
    });
    socket.on('error', done);
    socket.on('close', () => agent.destroy());
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
