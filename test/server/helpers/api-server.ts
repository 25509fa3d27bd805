import { request as httpsRequest, Agent } from 'node:https';
import type { IncomingHttpHeaders, ClientRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import type { Store } from '../../../src/store/index.js';

/** The part of tap's Test a helper needs (teardown registration). */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body bytes/text sent as is (overrides `body`). */
  raw?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** Bearer token; null sends no Authorization header. Defaults to the admin token. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface WatchEventLine {
  type: string;
  object: any;
}

/** An open watch: events are queued as they arrive and taken with a deadline. */
export interface WatchReader {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next event; rejects when none arrives within `timeoutMs` or the stream ended. */
  next(timeoutMs?: number): Promise<WatchEventLine>;
  /** Events up to and including the first one matching `pred`. */
  until(pred: (e: WatchEventLine) => boolean, timeoutMs?: number): Promise<WatchEventLine[]>;
  /** Resolves with every event not yet taken once the server ends the stream. */
  ended: Promise<WatchEventLine[]>;
  close(): void;
}

export interface ApiClient {
  url: string;
  token: string;
  caPem: string;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  get(path: string, options?: RequestOptions): Promise<ApiResponse>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse>;
  put(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse>;
  patch(path: string, contentType: string, body: unknown, options?: RequestOptions): Promise<ApiResponse>;
  del(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse>;
  watch(path: string, options?: RequestOptions): Promise<WatchReader>;
}

export interface TestServer extends ApiClient {
  server: RunningServer;
  dataDir: string;
  stop(): Promise<void>;
}

export async function makeTempDir(t: Teardown, prefix = 'mk8s-api-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts the real server in-process on port 0 with no agent; stopped (and its temp dir removed)
 * in teardown, with only the lifecycle controllers. Pass `dataDir` to reuse one (the caller then owns its removal).
 */
export async function startTestServer(t: Teardown, options: { dataDir?: string; store?: (dataDir: string) => Store } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await makeTempDir(t));
  const server = await startServer(
    defaultServerConfig({ dataDir, httpsListenPort: 0, bindAddress: '127.0.0.1', disableAgent: true, logLevel: 'error' }),
    // Workload controllers would write deployments' status behind these tests' backs.
    { controllers: 'core', ...(options.store ? { store: options.store(dataDir) } : {}) },
  );
  t.teardown(() => server.stop());
  const client = apiClient(server.url, server.caPem, server.adminToken);
  return { ...client, server, dataDir, stop: () => server.stop() };
}

/** An HTTPS client for the API trusting `caPem`, authenticating with `token`. */
export function apiClient(url: string, caPem: string, token: string): ApiClient {
  const agent = new Agent({ ca: caPem, keepAlive: false });

  const open = (method: string, path: string, options: RequestOptions): { req: ClientRequest; sent: Buffer | undefined } => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const auth = options.token === undefined ? token : options.token;
    if (auth !== null) headers.Authorization = `Bearer ${auth}`;
    if (options.accept) headers.Accept = options.accept;
    let sent: Buffer | undefined;
    if (options.raw !== undefined) sent = Buffer.isBuffer(options.raw) ? options.raw : Buffer.from(options.raw);
    else if (options.body !== undefined) sent = Buffer.from(JSON.stringify(options.body));
    if (sent) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(sent.length);
    }
    const req = httpsRequest(new URL(path, url), { method, headers, agent });
    return { req, sent };
  };

  const request = (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> =>
    new Promise((resolve, reject) => {
      const { req, sent } = open(method, path, options);
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      });
      // A server refusing a large body early may reset the connection mid-upload: the response still counts.
      req.on('error', () => {});
      req.end(sent);
    });

  const watch = (path: string, options: RequestOptions = {}): Promise<WatchReader> =>
    new Promise((resolve, reject) => {
      const { req } = open('GET', path, options);
      req.on('error', reject);
      req.on('response', (res) => {
        const queue: WatchEventLine[] = [];
        const waiters: (() => void)[] = [];
        let done = false;
        let partial = '';
        const wake = () => {
          for (const w of waiters.splice(0)) w();
        };
        let resolveEnded!: (events: WatchEventLine[]) => void;
        const ended = new Promise<WatchEventLine[]>((r) => (resolveEnded = r));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          partial += chunk;
          let nl: number;
          while ((nl = partial.indexOf('\n')) >= 0) {
            const line = partial.slice(0, nl).trim();
            partial = partial.slice(nl + 1);
            if (line) queue.push(JSON.parse(line) as WatchEventLine);
          }
          wake();
        });
        const finish = () => {
          if (done) return;
          done = true;
          if (partial.trim()) {
            try {
              queue.push(JSON.parse(partial) as WatchEventLine);
            } catch {
              // A non-event body (an error Status) is read through `status` instead.
            }
          }
          wake();
          resolveEnded(queue.splice(0));
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);

        const next = async (timeoutMs = 5000): Promise<WatchEventLine> => {
          const deadline = Date.now() + timeoutMs;
          while (queue.length === 0) {
            if (done) throw new Error(`watch ${path} ended with no further event`);
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no watch event on ${path} within ${timeoutMs}ms`);
            await new Promise<void>((r) => {
              const timer = setTimeout(r, left);
              waiters.push(() => {
                clearTimeout(timer);
                r();
              });
            });
          }
          return queue.shift()!;
        };
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          next,
          async until(pred, timeoutMs = 5000) {
            const deadline = Date.now() + timeoutMs;
            const seen: WatchEventLine[] = [];
            for (;;) {
              const e = await next(Math.max(1, deadline - Date.now()));
              seen.push(e);
              if (pred(e)) return seen;
            }
          },
          ended,
          close() {
            req.destroy();
          },
        });
      });
      req.end();
    });

  return {
    url,
    token,
    caPem,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { body, ...options }),
    put: (path, body, options) => request('PUT', path, { body, ...options }),
    patch: (path, contentType, body, options) => request('PATCH', path, { contentType, ...(typeof body === 'string' ? { raw: body } : { body }), ...options }),
    del: (path, body, options) => request('DELETE', path, { body, ...options }),
    watch,
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails at the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function configMap(name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

export function deployment(name: string, options: { replicas?: number; image?: string; labels?: Record<string, string> } = {}): any {
  const app = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: app },
      template: { metadata: { labels: app }, spec: { containers: [{ name: 'web', image: options.image ?? 'nginx:1.25' }] } },
    },
  };
}

export function pod(name: string, options: { nodeName?: string; labels?: Record<string, string> } = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: { ...(options.nodeName ? { nodeName: options.nodeName } : {}), containers: [{ name: 'main', image: 'busybox:1.36' }] },
  };
}
