/** The CA pin of a join token: hex SHA-256 of the CA certificate's DER (the first one of a bundle). */
import { X509Certificate, createHash } from 'node:crypto';

export function caHash(certPem: string): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (err) {
    throw new TypeError(`Cannot hash CA certificate: not a PEM certificate (${(err as Error).message})`, { cause: err });
  }
  return createHash('sha256').update(cert.raw).digest('hex');
}
