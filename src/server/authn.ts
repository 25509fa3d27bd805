import type { IncomingMessage } from 'node:http';
import type { UserInfo } from './rest/request-options.js';

/**
 * Bearer-token authentication. Static tokens (the admin's) are registered at start; other
 * authenticators (node credentials, bootstrap and service account tokens) plug in as lookups.
 */
export class Authenticator {
  #static = new Map<string, UserInfo>();
  #lookups: ((token: string) => UserInfo | undefined)[] = [];

  addToken(token: string, user: UserInfo): void {
    this.#static.set(token, user);
  }

  removeToken(token: string): void {
    this.#static.delete(token);
  }

  addLookup(lookup: (token: string) => UserInfo | undefined): void {
    this.#lookups.push(lookup);
  }

  /** The user, or undefined when the request carries no valid credential. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
    else {
      // WebSocket clients that cannot set headers pass the token as a subprotocol.
      const proto = req.headers['sec-websocket-protocol'];
      const match = typeof proto === 'string' ? /base64url\.bearer\.authorization\.k8s\.io\.([A-Za-z0-9_-]+)/.exec(proto) : null;
      if (match) token = Buffer.from(match[1], 'base64url').toString('utf8');
    }
    if (!token) return undefined;
    return this.lookup(token);
  }

  lookup(token: string): UserInfo | undefined {
    const direct = this.#static.get(token);
    if (direct) return direct;
    for (const lookup of this.#lookups) {
      const user = lookup(token);
      if (user) return user;
    }
    return undefined;
  }
}
