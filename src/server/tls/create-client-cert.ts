/** TLS client certificate (clientAuth): CN is the user name, O the groups, as Kubernetes reads them. */
import { x509, type X509 } from './x509.js';
import type { CertificatePair } from './certificate-pair.js';
import { issueCert } from './issue-cert.js';

export interface ClientCertOptions {
  commonName: string;
  /** One group or several (each becomes an O attribute). */
  organization?: string | readonly string[];
  /** Default 365. */
  days?: number;
}

export async function createClientCert(ca: CertificatePair, options: ClientCertOptions): Promise<CertificatePair> {
  if (options.commonName.trim() === '') throw new TypeError('Cannot create a client certificate: commonName is empty');
  const orgs = typeof options.organization === 'string' ? [options.organization] : [...(options.organization ?? [])];
  const subject: X509.JsonName = [];
  for (const org of orgs) subject.push({ O: [org] });
  subject.push({ CN: [options.commonName] });
  return issueCert(ca, {
    subject,
    days: options.days ?? 365,
    usages: [x509.ExtendedKeyUsage.clientAuth],
  });
}
