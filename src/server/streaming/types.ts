import type { IncomingMessage } from 'node:http';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../rest/request-options.js';

/** How to reach the agent of the node that runs a pod. */
export interface NodeEndpoint {
  host: string;
  port: number;
  /** The agent's CA (PEM); without it the system's CAs verify the agent. */
  ca?: string | Buffer;
  /** The server's credential for the agent (Bearer). */
  token: string;
}

export interface StreamingProxyOptions {
  /** The agent running the pod, or undefined when the pod is absent or not bound to a node. */
  resolveNode(namespace: string, pod: string): NodeEndpoint | undefined | Promise<NodeEndpoint | undefined>;
  /** Authenticates upgrade requests (the API handler authenticates the others). */
  authenticate?(req: IncomingMessage): UserInfo | undefined;
  /** May this user do this? Undefined allows every authenticated user. */
  authorize?(user: UserInfo, info: RequestInfo): boolean;
}

/** The `streaming` option of ApiHandlerOptions, plus the handler of the server's 'upgrade' event. */
export interface StreamingProxy {
  (req: IncomingMessage, res: import('node:http').ServerResponse, info: RequestInfo, user: UserInfo): Promise<boolean>;
  /** Resolves false when the request is not a pod exec/attach/portforward (someone else may take it). */
  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): Promise<boolean>;
}
