/** Self-signed certificate authority (ECDSA P-256, 10 years). */
import { x509 } from './x509.js';
import type { CertificatePair } from './certificate-pair.js';
import { EC_SIGNING_ALGORITHM, useWebCrypto } from './crypto-provider.js';
import { generateEcKeyPair } from './key-pem.js';
import { validityWindow } from './validity.js';

export const CA_VALIDITY_DAYS = 3650;

export async function createCa(commonName: string): Promise<CertificatePair> {
  if (commonName.trim() === '') throw new TypeError('Cannot create a CA: commonName is empty');
  const crypto = useWebCrypto();
  const keys = await generateEcKeyPair();
  const { notBefore, notAfter } = validityWindow(CA_VALIDITY_DAYS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }],
    notBefore,
    notAfter,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto as unknown as Crypto),
    ],
  }, crypto as unknown as Crypto);
  return { certPem: cert.toString('pem'), keyPem: keys.keyPem };
}
