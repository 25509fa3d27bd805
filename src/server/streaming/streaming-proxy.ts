import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseRequestInfo, type RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../rest/request-options.js';
import { agentPath } from './agent-path.js';
import { proxyLogs } from './proxy-logs.js';
import { proxyUpgrade } from './proxy-upgrade.js';
import type { StreamingProxy, StreamingProxyOptions } from './types.js';

const UPGRADE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/**
 * Proxies pods/log (a streaming GET) and pods/exec|attach|portforward (upgrades, piped raw)
 * to the agent of the pod's node.
 */
export function createStreamingProxy(options: StreamingProxyOptions): StreamingProxy {
  const handle = async (req: IncomingMessage, res: ServerResponse, info: RequestInfo, _user: UserInfo): Promise<boolean> => {
    const query = new URL(req.url ?? '/', 'https://api').searchParams;
    const path = agentPath(info, query);
    if (!path) return false;
    if (UPGRADE_SUBRESOURCES.has(info.subresource!)) {
      sendStatus(res, 400, 'BadRequest', 'Upgrade request required');
      return true;
    }
    if (req.method !== 'GET') return false;
    const node = await options.resolveNode(info.namespace!, info.name!);
    if (!node) return false;
    await proxyLogs(req, res, node, path);
    return true;
  };
  const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'https://api');
    const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    // Upstream authorizes exec/attach/portforward as "create" on the subresource, GET or POST alike.
    info.verb = 'create';
    if (!info.isResource || !UPGRADE_SUBRESOURCES.has(info.subresource ?? '')) return false;
    const path = agentPath(info, url.searchParams);
    if (!path) return false;
    socket.on('error', () => socket.destroy());
    const user = options.authenticate?.(req);
    if (options.authenticate && !user) return reject(socket, 401, 'Unauthorized', 'Unauthorized');
    if (user && options.authorize && !options.authorize(user, info)) {
      return reject(socket, 403, 'Forbidden', `User "${user.name}" cannot create resource "pods/${info.subresource}" in API group "" in the namespace "${info.namespace}"`);
    }
    const node = await options.resolveNode(info.namespace!, info.name!);
    if (!node) return reject(socket, 404, 'NotFound', `pods "${info.name}" not found`);
    await proxyUpgrade(req, socket, head, node, path);
    return true;
  };
  return Object.assign(handle, { handleUpgrade });
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function reject(socket: Duplex, code: number, reason: string, message: string): true {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[code] ?? 'Error';
  socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  return true;
}
