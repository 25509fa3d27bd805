/** TLS server certificate (serverAuth) with DNS and IP subject alternative names. */
import { isIP } from 'node:net';
import { x509, type X509 } from './x509.js';
import type { CertificatePair } from './certificate-pair.js';
import { issueCert } from './issue-cert.js';

export interface ServingCertOptions {
  commonName: string;
  dnsNames?: readonly string[];
  /** IPv4 or IPv6 literals. */
  ipAddresses?: readonly string[];
  /** Default 365. */
  days?: number;
}

export async function createServingCert(ca: CertificatePair, options: ServingCertOptions): Promise<CertificatePair> {
  if (options.commonName.trim() === '') throw new TypeError('Cannot create a serving certificate: commonName is empty');
  const altNames: X509.JsonGeneralName[] = [];
  for (const name of unique(options.dnsNames ?? [])) {
    if (name === '' || isIP(name) !== 0) throw new TypeError(`Invalid DNS name for a serving certificate: "${name}"`);
    altNames.push({ type: 'dns', value: name });
  }
  for (const ip of unique(options.ipAddresses ?? [])) {
    if (isIP(ip) === 0) throw new TypeError(`Invalid IP address for a serving certificate: "${ip}"`);
    altNames.push({ type: 'ip', value: ip });
  }
  return issueCert(ca, {
    subject: [{ CN: [options.commonName] }],
    days: options.days ?? 365,
    usages: [x509.ExtendedKeyUsage.serverAuth],
    altNames,
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
