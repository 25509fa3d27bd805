/** Issues a leaf certificate signed by a CA: the shared step behind serving and client certificates. */
import { x509, type X509 } from './x509.js';
import type { CertificatePair } from './certificate-pair.js';
import { EC_SIGNING_ALGORITHM, useWebCrypto } from './crypto-provider.js';
import { generateEcKeyPair, importEcKeyPair } from './key-pem.js';
import { validityWindow } from './validity.js';

export interface IssueCertOptions {
  subject: X509.JsonName;
  days: number;
  usages: string[];
  altNames?: X509.JsonGeneralName[];
}

export async function issueCert(ca: CertificatePair, options: IssueCertOptions): Promise<CertificatePair> {
  const crypto = useWebCrypto() as unknown as Crypto;
  let caCert: X509.X509Certificate;
  try {
    caCert = new x509.X509Certificate(ca.certPem);
  } catch (err) {
    throw new TypeError(`Cannot read CA certificate PEM: ${(err as Error).message}`, { cause: err });
  }
  const caKeys = await importEcKeyPair(ca.keyPem);
  const keys = await generateEcKeyPair();
  const { notBefore, notAfter } = validityWindow(options.days);
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(options.usages, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
  ];
  if (options.altNames && options.altNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(options.altNames, false));
  }
  const cert = await x509.X509CertificateGenerator.create({
    subject: options.subject,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions,
  }, crypto);
  return { certPem: cert.toString('pem'), keyPem: keys.keyPem };
}
