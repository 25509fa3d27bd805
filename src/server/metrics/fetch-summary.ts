import { request } from 'node:https';
import type { NodeEndpoint } from '../streaming/index.js';
import type { StatsSummary } from './types.js';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * GET `/stats/summary` from a node's agent with the server's credential (as the streaming
 * proxy reaches it).
 * @throws Error naming the node's address on a connection failure, non-200 answer, bad JSON or timeout.
 */
export function fetchSummary(node: NodeEndpoint, timeoutMs = 10_000): Promise<StatsSummary> {
  const where = `https://${node.host}:${node.port}/stats/summary`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: node.host, port: node.port, path: '/stats/summary', method: 'GET', ca: node.ca, headers: { authorization: `Bearer ${node.token}`, accept: 'application/json' }, timeout: timeoutMs },
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
