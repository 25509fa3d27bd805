/**
 * One place that wires @peculiar/x509 to Node's WebCrypto and holds the key algorithm mk8s
 * uses for every certificate: ECDSA P-256 with SHA-256.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './x509.js';

export const EC_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const EC_SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

let ready = false;

/** The WebCrypto instance, after registering it once as @peculiar/x509's provider. */
export function useWebCrypto(): webcrypto.Crypto {
  if (!ready) {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    ready = true;
  }
  return webcrypto;
}
