import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { BadRequestError, TooLargeError, UnsupportedMediaTypeError } from '../../errors.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body, refusing more than `limit` bytes with 413 before buffering it all. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new TooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new TooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

let yamlModule: typeof import('yaml') | undefined;

export type MediaKind = 'json' | 'yaml' | 'protobuf';

export function mediaKind(contentType: string | undefined): MediaKind {
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type === '' || type.endsWith('+json')) return 'json';
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml' || type.endsWith('+yaml')) return 'yaml';
  if (type === 'application/vnd.kubernetes.protobuf') return 'protobuf';
  throw new UnsupportedMediaTypeError(type);
}

/** Parses a JSON or YAML body; malformed input is a 400 naming the problem. */
export function parseTextBody(body: Buffer, kind: 'json' | 'yaml'): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new BadRequestError('the request body is empty');
  if (kind === 'json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new BadRequestError(`the request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    // Loaded on first use: YAML bodies are rare (server-side apply) and the parser is slow to load.
    const YAML = (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new BadRequestError(`the request body is not valid YAML: ${(err as Error).message}`);
  }
}
