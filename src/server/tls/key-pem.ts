/** PEM encoding and decoding of ECDSA P-256 private keys (PKCS#8). */
import { createPrivateKey, createPublicKey, type webcrypto } from 'node:crypto';
import { x509 } from './x509.js';
import { EC_KEY_ALGORITHM, useWebCrypto } from './crypto-provider.js';

export interface EcKeyPair {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  keyPem: string;
}

/** Generates a new ECDSA P-256 key pair and its PKCS#8 PEM. */
export async function generateEcKeyPair(): Promise<EcKeyPair> {
  const crypto = useWebCrypto();
  const pair = (await crypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const der = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, keyPem: x509.PemConverter.encode(der, 'PRIVATE KEY') };
}

/** Imports a PKCS#8 (or SEC1 "EC PRIVATE KEY") PEM as a WebCrypto ECDSA P-256 key pair. */
export async function importEcKeyPair(keyPem: string): Promise<EcKeyPair> {
  const crypto = useWebCrypto();
  let nodeKey;
  try {
    nodeKey = createPrivateKey(keyPem);
  } catch (err) {
    throw new TypeError(`Cannot read private key PEM: ${(err as Error).message}`, { cause: err });
  }
  if (nodeKey.asymmetricKeyType !== 'ec' || nodeKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError(`Expected an ECDSA P-256 private key, got ${nodeKey.asymmetricKeyType} ${nodeKey.asymmetricKeyDetails?.namedCurve ?? ''}`.trim());
  }
  const pkcs8 = nodeKey.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(nodeKey).export({ format: 'der', type: 'spki' });
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, EC_KEY_ALGORITHM, true, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', spki, EC_KEY_ALGORITHM, true, ['verify']);
  return { privateKey, publicKey, keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}
