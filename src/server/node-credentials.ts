import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from './rest/request-options.js';

/**
 * Per-node credentials: `mk8s-node.<name>.<hmac>`, derived from a server key so they survive
 * restarts without being stored. The same key derives the token the server presents to each
 * node's agent endpoint (kubelet API).
 */
export class NodeCredentials {
  #key: Buffer;

  constructor(key: string) {
    this.#key = Buffer.from(key);
  }

  tokenFor(nodeName: string): string {
    return `mk8s-node.${Buffer.from(nodeName).toString('base64url')}.${this.#mac(`node:${nodeName}`)}`;
  }

  /** What the server sends to the agent's endpoint; the agent compares it with what it was given at join. */
  kubeletClientToken(nodeName: string): string {
    return `mk8s-kubelet.${this.#mac(`kubelet:${nodeName}`)}`;
  }

  authenticate(token: string): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'mk8s-node') return undefined;
    const name = Buffer.from(parts[1], 'base64url').toString('utf8');
    const expected = Buffer.from(this.#mac(`node:${name}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { name: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'], nodeName: name };
  }

  #mac(value: string): string {
    return createHmac('sha256', this.#key).update(value).digest('base64url');
  }
}
