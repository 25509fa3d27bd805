import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:https';
import type { NodeEndpoint } from './types.js';

/** Proxies a log GET to the agent, streaming (and flushing) the body as it comes. */
export function proxyLogs(req: IncomingMessage, res: ServerResponse, node: NodeEndpoint, path: string): Promise<void> {
  return new Promise((resolve) => {
    const upstream = request(
      { host: node.host, port: node.port, path, method: 'GET', ca: node.ca, headers: { authorization: `Bearer ${node.token}`, accept: 'text/plain, application/json' } },
      (agentRes) => {
        const headers: Record<string, string> = { 'Content-Type': agentRes.headers['content-type'] ?? 'text/plain', 'Cache-Control': 'no-cache' };
        res.writeHead(agentRes.statusCode ?? 502, headers);
        res.flushHeaders();
        agentRes.pipe(res);
        agentRes.on('end', resolve);
        agentRes.on('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'InternalError', code: 500, message: `Get "https://${node.host}:${node.port}${path.split('?')[0]}": ${err.message}` };
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      } else res.destroy();
      resolve();
    });
    // The client going away stops the agent's follow too.
    res.on('close', () => upstream.destroy());
    upstream.end();
  });
}
