import { request, type RequestOptions } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { NodeEndpoint } from '../streaming/index.js';
import type { StatsSummary } from './types.js';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * TLS contexts by CA: building one parses the CA and loads the root store (about a
 * millisecond), and a scrape connects to every node with the same CA.
 */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 16;

function contextFor(ca: string | Buffer | undefined): SecureContext | undefined {
  if (ca === undefined) return undefined;
  const key = typeof ca === 'string' ? ca : ca.toString('latin1');
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}

/**
 * GET `/stats/summary` from a node's agent with the server's credential (as the streaming
 * proxy reaches it).
 * @throws Error naming the node's address on a connection failure, non-200 answer, bad JSON or timeout.
 */
export function fetchSummary(node: NodeEndpoint, timeoutMs = 10_000): Promise<StatsSummary> {
  const where = `https://${node.host}:${node.port}/stats/summary`;
  return new Promise((resolve, reject) => {
    // `ca` names the agent's connection pool; `secureContext` (passed on to tls.connect) is what verifies.
    const options: RequestOptions & { secureContext?: SecureContext } = {
      host: node.host,
      port: node.port,
      path: '/stats/summary',
      method: 'GET',
      ca: node.ca,
      secureContext: contextFor(node.ca),
      headers: { authorization: `Bearer ${node.token}`, accept: 'application/json' },
      timeout: timeoutMs,
    };
    const req = request(
      options,
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) req.destroy(new Error(`Get "${where}": answer larger than ${MAX_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`Get "${where}": status ${res.statusCode}: ${text.slice(0, 200)}`));
          try {
            resolve(JSON.parse(text) as StatsSummary);
          } catch (err) {
            reject(new Error(`Get "${where}": invalid JSON: ${(err as Error).message}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Get "${where}": timed out after ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err.message.startsWith('Get "') ? err : new Error(`Get "${where}": ${err.message}`)));
    req.end();
  });
}
