import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ClientConfig } from './kubeconfig.js';

export interface KubeResponse {
  status: number;
  body: any;
  headers: IncomingMessage['headers'];
}

/** An error the API answered with: its Status object and HTTP code. */
export class KubeApiError extends Error {
  readonly status: number;
  readonly body: any;
  constructor(status: number, body: any) {
    super(body?.message ? `Error from server (${body.reason ?? status}): ${body.message}` : `the server answered ${status}`);
    this.name = 'KubeApiError';
    this.status = status;
    this.body = body;
  }
}

/** A small HTTPS client for the Kubernetes API: JSON in and out, keep-alive, CA pinned from the kubeconfig. */
export class KubeClient {
  readonly config: ClientConfig;
  #agent: Agent;

  constructor(config: ClientConfig) {
    this.config = config;
    this.#agent = new Agent({ keepAlive: true, maxSockets: 16, ca: config.caPem, rejectUnauthorized: !config.insecure });
  }

  async request(method: string, path: string, options: { body?: unknown; contentType?: string; accept?: string } = {}): Promise<KubeResponse> {
    const res = await this.#send(method, path, options);
    const text = await readAll(res);
    let body: any = text;
    if ((res.headers['content-type'] ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: res.statusCode ?? 0, body, headers: res.headers };
  }

  /** Like request, but a non-2xx answer throws KubeApiError. */
  async call(method: string, path: string, options: { body?: unknown; contentType?: string; accept?: string } = {}): Promise<any> {
    const res = await this.request(method, path, options);
    if (res.status >= 300) throw new KubeApiError(res.status, res.body);
    return res.body;
  }

  /** Opens a watch and calls `onEvent` per line until the stream ends; returns a function that stops it. */
  async watch(path: string, onEvent: (event: { type: string; object: any }) => void, options: { accept?: string } = {}): Promise<{ done: Promise<void>; stop: () => void }> {
    const res = await this.#send('GET', path, { accept: options.accept });
    if ((res.statusCode ?? 0) >= 300) {
      const text = await readAll(res);
      throw new KubeApiError(res.statusCode ?? 0, safeJson(text));
    }
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.trim()) onEvent(JSON.parse(line));
      }
    });
    const done = new Promise<void>((resolve) => {
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', () => resolve());
    });
    return { done, stop: () => res.destroy() };
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, options: { body?: unknown; contentType?: string; accept?: string }): Promise<IncomingMessage> {
    const url = new URL(path, this.config.server);
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string | number> = { Accept: options.accept ?? 'application/json', 'User-Agent': 'mk8s/0.1.0' };
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.#agent }, resolve);
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(`cannot reach the server ${this.config.server} (from ${this.config.source}): ${err.code ?? err.message}`));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
