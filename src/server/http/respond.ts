import type { ServerResponse } from 'node:http';
import { ApiError, InternalError } from '../../errors.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRawJson(res, code, JSON.stringify(body), headers);
}

/** Sends already-serialised JSON. */
export function sendRawJson(res: ServerResponse, code: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The Kubernetes Status object for an error. */
export function statusOf(err: unknown): Record<string, unknown> {
  const e = err instanceof ApiError ? err : new InternalError(err instanceof Error ? err.message : String(err), err);
  const status: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: e.message,
    reason: e.reason,
    code: e.code,
  };
  if (e.details) status.details = e.details;
  return status;
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = statusOf(err);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code as number, status);
}

export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
