import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { BadRequestError, UnauthorizedError } from '../errors.js';
import type { CertificatePair } from './tls/certificate-pair.js';
import { readBody, parseTextBody } from './http/body.js';
import { sendJson } from './http/respond.js';
import type { NodeCredentials } from './node-credentials.js';
import type { ServerConfig } from './server-config.js';
import { ipToString, parseCidr } from './service-allocator.js';
import type { WatchCache } from './watch-cache.js';

export interface JoinOptions {
  cache: WatchCache;
  config: ServerConfig;
  clusterSecret: string;
  credentials: NodeCredentials;
  ca: CertificatePair;
}

export interface JoinResponse {
  nodeToken: string;
  kubeletToken: string;
  podCIDR: string;
  clusterCIDR: string;
  serviceCIDR: string;
  clusterDNS: string;
  clusterDomain: string;
  /** The server's `--node-monitor-grace-period`: the agent renews its Lease well within it. */
  nodeMonitorGracePeriodSeconds: number;
  servingCert: { certPem: string; keyPem: string };
}

const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * POST /v1-mk8s/join: an agent that proved the cluster secret (or a bootstrap token) gets its
 * node credential, its pod CIDR (kept in its Node's spec.podCIDR) and a serving certificate
 * for its own endpoint signed by the cluster CA. The agent checked the CA against the token's
 * pin before sending anything.
 */
export function createJoinHandler(options: JoinOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const reserved = new Map<string, string>();
  return async (req, res) => {
    const header = req.headers.authorization ?? '';
    const secret = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!secret || !validJoinSecret(secret, options)) throw new UnauthorizedError('the join token is not valid for this server');
    const body = parseTextBody(await readBody(req, 64 * 1024), 'json') as { nodeName?: string; nodeIp?: string };
    const nodeName = body?.nodeName ?? '';
    if (!NODE_NAME.test(nodeName) || nodeName.length > 253) throw new BadRequestError(`nodeName: Invalid value: ${JSON.stringify(nodeName)}: must be a lowercase RFC 1123 subdomain`);
    const nodeIp = body.nodeIp;
    if (nodeIp !== undefined && !/^[0-9a-fA-F.:]+$/.test(nodeIp)) throw new BadRequestError(`nodeIp: Invalid value: ${JSON.stringify(nodeIp)}`);
    const podCIDR = allocatePodCidr(options, reserved, nodeName);
    const { createServingCert } = await import('./tls/create-serving-cert.js');
    const servingCert = await createServingCert(options.ca, {
      commonName: `system:node:${nodeName}`,
      dnsNames: [nodeName, 'localhost'],
      ipAddresses: [...(nodeIp ? [nodeIp] : []), '127.0.0.1'],
      days: 365,
    });
    const response: JoinResponse = {
      nodeToken: options.credentials.tokenFor(nodeName),
      kubeletToken: options.credentials.kubeletClientToken(nodeName),
      podCIDR,
      clusterCIDR: options.config.clusterCidr,
      serviceCIDR: options.config.serviceCidr,
      clusterDNS: options.config.clusterDns,
      clusterDomain: options.config.clusterDomain,
      nodeMonitorGracePeriodSeconds: options.config.nodeMonitorGracePeriodSeconds,
      servingCert,
    };
    sendJson(res, 200, response);
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cluster secret, or a bootstrap token `<id>.<secret>` kept as a kube-system Secret and not expired. */
function validJoinSecret(secret: string, options: JoinOptions): boolean {
  if (same(secret, options.clusterSecret)) return true;
  const m = /^([a-z0-9]{6})\.([a-z0-9]{16})$/.exec(secret);
  if (!m) return false;
  const stored = options.cache.get(`/registry/core/secrets/kube-system/bootstrap-token-${m[1]}`)?.obj;
  if (!stored || stored.type !== 'bootstrap.kubernetes.io/token') return false;
  const field = (k: string) => (stored.data?.[k] ? Buffer.from(stored.data[k], 'base64').toString('utf8') : '');
  if (!same(field('token-secret'), m[2])) return false;
  const expires = field('expiration');
  return !expires || Date.parse(expires) > Date.now();
}

/** A /24 of the cluster CIDR per node: the one its Node already has, or the first free one. */
function allocatePodCidr(options: JoinOptions, reserved: Map<string, string>, nodeName: string): string {
  const existing = options.cache.get(`/registry/core/nodes/${nodeName}`)?.obj?.spec?.podCIDR;
  if (existing) return existing;
  const mine = reserved.get(nodeName);
  if (mine) return mine;
  const used = new Set<string>(reserved.values());
  for (const n of options.cache.list('/registry/core/nodes/')) if (n.obj.spec?.podCIDR) used.add(n.obj.spec.podCIDR);
  const { base, size } = parseCidr(options.config.clusterCidr);
  for (let offset = 0; offset + 256 <= size; offset += 256) {
    const cidr = `${ipToString(base + offset)}/24`;
    if (!used.has(cidr)) {
      reserved.set(nodeName, cidr);
      return cidr;
    }
  }
  throw new BadRequestError(`no free /24 left in the cluster CIDR ${options.config.clusterCidr}`);
}
