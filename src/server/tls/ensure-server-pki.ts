/**
 * The server's PKI under one directory: a CA made once, and a serving certificate regenerated
 * only when it no longer covers the names asked for, no longer chains to the CA, or nears expiry.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificatePair } from './certificate-pair.js';
import { missingSans, readSans, splitSans, type SanSet } from './san-coverage.js';

export const PKI_FILES = { caCert: 'ca.crt', caKey: 'ca.key', servingCert: 'serving.crt', servingKey: 'serving.key' } as const;
/** Names every serving certificate carries (the in-cluster API service and loopback). */
export const DEFAULT_SERVING_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'] as const;
export const DEFAULT_SERVING_IPS = ['127.0.0.1', '::1'] as const;
const SERVING_DAYS = 365;
const RENEW_BEFORE_MS = 90 * 24 * 60 * 60 * 1000;

export interface ServerPkiOptions {
  hostnames?: readonly string[];
  ips?: readonly string[];
  /** Extra names, DNS or IP (k3s `--tls-san`). */
  tlsSans?: readonly string[];
  /** ClusterIP of the `kubernetes` service (default 10.43.0.1, first address of k3s's service CIDR). */
  serviceIp?: string;
  /** CA common name when one is created (default "mk8s-server-ca@<unix seconds>", as k3s names its CAs). */
  caCommonName?: string;
  now?: Date;
}

export interface ServerPki {
  ca: CertificatePair;
  serving: CertificatePair;
  caCreated: boolean;
  servingCreated: boolean;
  /** Why the serving certificate was (re)made, when it was. */
  servingReason?: string;
  paths: { caCert: string; caKey: string; servingCert: string; servingKey: string };
}

export async function ensureServerPki(dir: string, options: ServerPkiOptions = {}): Promise<ServerPki> {
  const now = options.now ?? new Date();
  const paths = {
    caCert: join(dir, PKI_FILES.caCert),
    caKey: join(dir, PKI_FILES.caKey),
    servingCert: join(dir, PKI_FILES.servingCert),
    servingKey: join(dir, PKI_FILES.servingKey),
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const [caCertPem, caKeyPem] = await Promise.all([readOptional(paths.caCert), readOptional(paths.caKey)]);
  let ca: CertificatePair;
  let caCreated = false;
  if (caCertPem === undefined && caKeyPem === undefined) {
    const { createCa } = await import('./create-ca.js');
    ca = await createCa(options.caCommonName ?? `mk8s-server-ca@${Math.floor(now.getTime() / 1000)}`);
    await writeAtomic(paths.caKey, ca.keyPem, 0o600);
    await writeAtomic(paths.caCert, ca.certPem, 0o644);
    caCreated = true;
  } else if (caCertPem === undefined || caKeyPem === undefined) {
    const missing = caCertPem === undefined ? paths.caCert : paths.caKey;
    throw new Error(`Incomplete server CA in ${dir}: ${missing} is missing; restore it or remove both CA files to make a new CA`);
  } else {
    ca = { certPem: caCertPem, keyPem: caKeyPem };
    checkKeyMatches(ca, paths.caCert);
  }

  const wanted = wantedSans(options);
  const [certPem, keyPem] = await Promise.all([readOptional(paths.servingCert), readOptional(paths.servingKey)]);
  const reason = caCreated ? 'new CA' : staleReason(ca, certPem, keyPem, wanted, now);
  if (reason === undefined) {
    return { ca, serving: { certPem: certPem!, keyPem: keyPem! }, caCreated, servingCreated: false, paths };
  }
  // Loaded only when a certificate must be made: the X.509 library is slow to load.
  const { createServingCert } = await import('./create-serving-cert.js');
  const serving = await createServingCert(ca, { commonName: 'mk8s', ...wanted, days: SERVING_DAYS });
  await writeAtomic(paths.servingKey, serving.keyPem, 0o600);
  await writeAtomic(paths.servingCert, serving.certPem, 0o644);
  return { ca, serving, caCreated, servingCreated: true, servingReason: reason, paths };
}

function wantedSans(options: ServerPkiOptions): SanSet {
  return splitSans([
    ...DEFAULT_SERVING_DNS,
    ...DEFAULT_SERVING_IPS,
    options.serviceIp ?? '10.43.0.1',
    ...(options.hostnames ?? []),
    ...(options.ips ?? []),
    ...(options.tlsSans ?? []),
  ]);
}

function staleReason(ca: CertificatePair, certPem: string | undefined, keyPem: string | undefined, wanted: SanSet, now: Date): string | undefined {
  if (certPem === undefined || keyPem === undefined) return 'missing serving certificate or key';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!publicKeysEqual(certPem, keyPem)) return 'serving key does not match the certificate';
  } catch {
    return 'unreadable serving certificate or key';
  }
  const caCert = new X509Certificate(ca.certPem);
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return 'serving certificate not signed by the CA';
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return 'serving certificate expires soon';
  const missing = missingSans(readSans(cert), wanted);
  if (missing.length > 0) return `serving certificate lacks ${missing.join(', ')}`;
  return undefined;
}

function checkKeyMatches(pair: CertificatePair, certPath: string): void {
  let matches: boolean;
  try {
    matches = publicKeysEqual(pair.certPem, pair.keyPem);
  } catch (err) {
    throw new Error(`Cannot read the server CA at ${certPath}: ${(err as Error).message}`, { cause: err });
  }
  if (!matches) throw new Error(`Server CA key does not match the certificate ${certPath}`);
}

function publicKeysEqual(certPem: string, keyPem: string): boolean {
  const fromCert = new X509Certificate(certPem).publicKey.export({ format: 'der', type: 'spki' });
  const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ format: 'der', type: 'spki' });
  return fromCert.equals(fromKey);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeAtomic(path: string, content: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
