import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from './rest/request-options.js';

interface Claims {
  ns: string;
  sa: string;
  uid: string;
  exp: number;
  aud: string[];
}

/**
 * Service account tokens: `mk8s.<payload>.<hmac>`, signed with a key kept under the data
 * directory, so they outlive restarts without being stored. The service account must still
 * exist with the same uid for a token to be accepted.
 */
export class ServiceAccountTokens {
  #key: Buffer;
  #exists: (namespace: string, name: string) => string | undefined;

  constructor(key: string, exists: (namespace: string, name: string) => string | undefined) {
    this.#key = Buffer.from(key);
    this.#exists = exists;
  }

  issue(namespace: string, name: string, uid: string, seconds: number, audiences: string[], now = Date.now()): { token: string; expirationTimestamp: string } {
    const exp = Math.floor(now / 1000) + seconds;
    const payload = Buffer.from(JSON.stringify({ ns: namespace, sa: name, uid, exp, aud: audiences } satisfies Claims)).toString('base64url');
    return { token: `mk8s.${payload}.${this.#sign(payload)}`, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') };
  }

  authenticate(token: string, now = Date.now()): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'mk8s') return undefined;
    const expected = Buffer.from(this.#sign(parts[1]));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
    if (claims.exp * 1000 < now || this.#exists(claims.ns, claims.sa) !== claims.uid) return undefined;
    return { name: `system:serviceaccount:${claims.ns}:${claims.sa}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${claims.ns}`, 'system:authenticated'] };
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}
