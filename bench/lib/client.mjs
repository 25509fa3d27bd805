import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';

/**
 * A small keep-alive JSON client: `maxSockets` connections (16 by default), bearer token,
 * CA pinned for HTTPS. `send(method, path, body)` resolves with { status, body } (body text).
 */
export function createClient({ url, ca, token, maxSockets = 16 }) {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const agent = https ? new HttpsAgent({ keepAlive: true, maxSockets, ca }) : new HttpAgent({ keepAlive: true, maxSockets });
  const request = https ? httpsRequest : httpRequest;
  const base = { host: u.hostname, port: u.port, agent };
  const auth = token ? { Authorization: `Bearer ${token}` } : {};
  function send(method, path, body) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const headers = { ...auth, Accept: 'application/json' };
      if (payload !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(payload);
      }
      const req = request({ ...base, method, path, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { send, agent, close: () => agent.destroy() };
}

/** A ~1 KiB ConfigMap (JSON body about 1,100 bytes). */
export function configMap(namespace, name, seq = 0) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench' } },
    data: { seq: String(seq), payload: payload(seq) },
  };
}

/** 1,000 printable characters that change with `seq`. */
export function payload(seq) {
  const s = String(seq).padStart(10, '0');
  return s.repeat(100);
}

/** Creates namespace `name` (ignores AlreadyExists). */
export async function ensureNamespace(client, name) {
  const r = await client.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create namespace ${name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}
