/** One probe or lifecycle-handler attempt: httpGet, tcpSocket or exec, bounded by its timeout. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { ContainerRuntime } from '../runtime/index.js';
import type { Obj } from './types.js';

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Obj;
  podIP: string;
}

export interface ProbeResult {
  ok: boolean;
  message: string;
}

function resolvePort(port: unknown, container: Obj): number {
  if (typeof port === 'number') return port;
  const n = Number(port);
  if (Number.isInteger(n) && n > 0) return n;
  const named = (container.ports ?? []).find((p: Obj) => p.name === port);
  if (!named) throw new Error(`port "${String(port)}" is not a container port of "${container.name}"`);
  return named.containerPort;
}

function httpGet(action: Obj, t: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(action.port, t.container);
  const host = action.host || t.podIP;
  const scheme = String(action.scheme ?? 'HTTP').toUpperCase();
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const h of action.httpHeaders ?? []) headers[h.name] = h.value;
  const path = action.path ? (String(action.path).startsWith('/') ? action.path : `/${action.path}`) : '/';
  const url = `${scheme === 'HTTPS' ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  return new Promise((resolve) => {
    const send = scheme === 'HTTPS' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false, setHost: !('Host' in headers) }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(code >= 200 && code < 400 ? { ok: true, message: '' } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` }));
    });
    if ('Host' in headers) req.setHeader('Host', headers.Host);
    req.on('timeout', () => req.destroy(new Error(`Get "${url}": context deadline exceeded`)));
    req.on('error', (err) => resolve({ ok: false, message: err.message.startsWith('Get ') ? err.message : `Get "${url}": ${err.message}` }));
    req.end();
  });
}

function tcpSocket(action: Obj, t: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(action.port, t.container);
  const host = action.host || t.podIP;
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.on('connect', () => {
      socket.destroy();
      resolve({ ok: true, message: '' });
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    });
    socket.on('error', (err) => resolve({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

async function exec(action: Obj, t: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const out: Buffer[] = [];
  try {
    const code = await t.runtime.exec(t.containerId, action.command ?? [], { timeoutMs, onStdout: (c) => out.push(c), onStderr: (c) => out.push(c) });
    const text = Buffer.concat(out).toString('utf8').slice(0, 1024).trim();
    if (code === 0) return { ok: true, message: text };
    return { ok: false, message: text || `command ${JSON.stringify(action.command ?? [])} exited with ${code}` };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** Runs a probe (or a handler such as preStop); never throws. */
export async function runProbe(handler: Obj, t: ProbeTarget, timeoutSeconds = 1): Promise<ProbeResult> {
  const timeoutMs = Math.max(1, timeoutSeconds) * 1000;
  try {
    if (handler.httpGet) return await httpGet(handler.httpGet, t, timeoutMs);
    if (handler.tcpSocket) return await tcpSocket(handler.tcpSocket, t, timeoutMs);
    if (handler.exec) return await exec(handler.exec, t, timeoutMs);
    if (handler.sleep) return { ok: true, message: '' };
    return { ok: false, message: 'probe has no handler' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
