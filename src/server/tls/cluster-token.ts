/**
 * Join tokens in the k3s shape: `K10<sha256 of the CA>::<user>:<secret>`. The hash lets an agent
 * check the server's CA before it sends any credential; a bare secret carries no pin.
 */
import { caHash } from './ca-hash.js';

export const TOKEN_PREFIX = 'K10';
const HASH_RE = /^[0-9a-f]{64}$/;
const USER_RE = /^[A-Za-z0-9._-]+$/;

export interface ClusterToken {
  /** Lower-case hex SHA-256 of the CA certificate DER, when the token pins the CA. */
  caHash?: string;
  username?: string;
  secret: string;
}

/** Thrown for a token that is not a bare secret nor `K10<hash>::[<user>:]<secret>`. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

export function formatClusterToken(caPem: string, secret: string, username = 'server'): string {
  checkSecret(secret);
  if (!USER_RE.test(username)) throw new InvalidTokenError(`Invalid token user name "${username}"`);
  return `${TOKEN_PREFIX}${caHash(caPem)}::${username}:${secret}`;
}

export function parseClusterToken(token: string): ClusterToken {
  const text = token.trim();
  if (text === '') throw new InvalidTokenError('Invalid cluster token: it is empty');
  if (!text.startsWith(TOKEN_PREFIX)) {
    if (text.includes('::')) throw new InvalidTokenError(`Invalid cluster token: "::" found but no "${TOKEN_PREFIX}" prefix`);
    checkSecret(text);
    return { secret: text };
  }
  const sep = text.indexOf('::');
  if (sep < 0) throw new InvalidTokenError(`Invalid cluster token: "${TOKEN_PREFIX}" prefix without "::" after the CA hash`);
  const hash = text.slice(TOKEN_PREFIX.length, sep).toLowerCase();
  if (!HASH_RE.test(hash)) {
    throw new InvalidTokenError(`Invalid cluster token: CA hash must be 64 hex digits, got ${hash.length} characters "${hash.slice(0, 16)}${hash.length > 16 ? '...' : ''}"`);
  }
  const credentials = text.slice(sep + 2);
  const colon = credentials.indexOf(':');
  if (colon < 0) {
    checkSecret(credentials);
    return { caHash: hash, secret: credentials };
  }
  const username = credentials.slice(0, colon);
  const secret = credentials.slice(colon + 1);
  if (!USER_RE.test(username)) throw new InvalidTokenError(`Invalid cluster token: bad user name "${username}"`);
  checkSecret(secret);
  return { caHash: hash, username, secret };
}

function checkSecret(secret: string): void {
  if (secret === '') throw new InvalidTokenError('Invalid cluster token: the secret is empty');
  if (/[\s\x00-\x1f\x7f]/.test(secret)) throw new InvalidTokenError('Invalid cluster token: the secret contains whitespace or control characters');
  if (secret.includes('::')) throw new InvalidTokenError('Invalid cluster token: the secret contains "::"');
}
