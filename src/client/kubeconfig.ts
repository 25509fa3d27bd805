import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export interface ClientConfig {
  server: string;
  caPem?: string;
  token?: string;
  insecure?: boolean;
  /** Where the configuration came from, for error messages. */
  source: string;
}

/** Reads the current context of a kubeconfig file (token and CA data; client certificates are not used by mk8s). */
export function loadKubeconfig(path: string): ClientConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read kubeconfig ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const doc = YAML.parse(text) ?? {};
  const ctxName = doc['current-context'];
  const ctx = (doc.contexts ?? []).find((c: any) => c.name === ctxName)?.context ?? doc.contexts?.[0]?.context;
  if (!ctx) throw new Error(`kubeconfig ${path} has no context`);
  const cluster = (doc.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`kubeconfig ${path}: cluster ${JSON.stringify(ctx.cluster)} has no server`);
  let caPem: string | undefined;
  if (cluster['certificate-authority-data']) caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  else if (cluster['certificate-authority']) caPem = readFileSync(cluster['certificate-authority'], 'utf8');
  let token: string | undefined = user.token;
  if (!token && user.tokenFile) token = readFileSync(user.tokenFile, 'utf8').trim();
  return { server: cluster.server.replace(/\/+$/, ''), caPem, token, insecure: cluster['insecure-skip-tls-verify'] === true, source: path };
}
