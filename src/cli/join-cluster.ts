import { request } from 'node:https';
import { caHash } from '../server/tls/ca-hash.js';
import { parseClusterToken } from '../server/tls/cluster-token.js';
import type { JoinResponse } from '../server/join.js';

export interface JoinResult extends JoinResponse {
  caPem: string;
}

function fetchText(url: string, options: { ca?: string; insecure?: boolean; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, rejectUnauthorized: !options.insecure, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`cannot reach the server ${url}: ${err.code ?? err.message}`)));
    if (options.body) req.write(options.body);
    req.end();
  });
}

/**
 * Joins a cluster as k3s agents do: fetch the CA without credentials, check it against the
 * token's pin, and only then present the secret to get this node's credentials.
 */
export async function joinCluster(server: string, token: string, node: { nodeName: string; nodeIp?: string }): Promise<JoinResult> {
  const parsed = parseClusterToken(token);
  const base = server.replace(/\/+$/, '');
  const cacerts = await fetchText(`${base}/cacerts`, { insecure: true });
  if (cacerts.status !== 200 || !cacerts.text.includes('BEGIN CERTIFICATE')) throw new Error(`${base}/cacerts did not return a CA certificate (HTTP ${cacerts.status})`);
  const caPem = cacerts.text;
  if (parsed.caHash) {
    const actual = caHash(caPem);
    if (actual !== parsed.caHash) {
      throw new Error(`the server's CA (sha256 ${actual}) does not match the token's pin (${parsed.caHash}): refusing to send credentials to ${base}`);
    }
  }
  const secret = parsed.username && parsed.username !== 'server' && parsed.username !== 'node' ? `${parsed.username}:${parsed.secret}` : parsed.secret;
  const res = await fetchText(`${base}/v1-mk8s/join`, {
    ca: caPem,
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(node),
  });
  if (res.status === 401) throw new Error(`the server ${base} refused the join token (401 Unauthorized)`);
  if (res.status !== 200) throw new Error(`joining ${base} failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return { ...(JSON.parse(res.text) as JoinResponse), caPem };
}
