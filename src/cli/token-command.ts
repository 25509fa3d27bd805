import { randomBytes } from 'node:crypto';
import { caHash } from '../server/tls/ca-hash.js';
import { clientFromArgs } from './client-from-args.js';

export interface TokenArgs {
  action: string;
  kubeconfig?: string;
  ttl?: string;
  description?: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** `mk8s token create|list`: bootstrap tokens kept as kube-system Secrets, as kubeadm and k3s do. */
export async function runToken(args: TokenArgs, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const client = clientFromArgs(args);
  try {
    if (args.action === 'create') {
      const id = randomId(6);
      const secret = randomId(16);
      const data: Record<string, string> = { 'token-id': id, 'token-secret': secret, 'usage-bootstrap-authentication': 'true', 'usage-bootstrap-signing': 'true', 'auth-extra-groups': 'system:bootstrappers:mk8s:default-node-token' };
      if (args.description) data.description = args.description;
      if (args.ttl && args.ttl !== '0') {
        const m = /^(\d+)(h|m|s)$/.exec(args.ttl);
        if (!m) throw new Error(`token create: --ttl ${JSON.stringify(args.ttl)} is not a duration like 24h`);
        const seconds = Number(m[1]) * { h: 3600, m: 60, s: 1 }[m[2] as 'h' | 'm' | 's'];
        data.expiration = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      }
      await client.call('POST', '/api/v1/namespaces/kube-system/secrets', {
        body: { apiVersion: 'v1', kind: 'Secret', type: 'bootstrap.kubernetes.io/token', metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' }, stringData: data },
      });
      const hash = client.config.caPem ? caHash(client.config.caPem) : '';
      out(`K10${hash}::${id}.${secret}`);
      return 0;
    }
    if (args.action === 'list') {
      const list = await client.call('GET', '/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken');
      out(['TOKEN', 'TTL', 'EXPIRES', 'DESCRIPTION'].map((h, i) => (i < 3 ? h.padEnd(24) : h)).join(''));
      for (const s of list.items ?? []) {
        const d = (k: string) => (s.data?.[k] ? Buffer.from(s.data[k], 'base64').toString('utf8') : '');
        const expires = d('expiration');
        const ttl = expires ? `${Math.max(0, Math.round((Date.parse(expires) - Date.now()) / 3600000))}h` : '<forever>';
        out([`${d('token-id')}.<secret>`, ttl, expires || '<never>', d('description') || '<none>'].map((c, i) => (i < 3 ? c.padEnd(24) : c)).join(''));
      }
      return 0;
    }
    throw new Error(`token: unknown action ${JSON.stringify(args.action)} (create, list)`);
  } finally {
    client.close();
  }
}
