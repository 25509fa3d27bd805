/** TLS material for the API server and its clients: CA, serving and client certificates, join tokens. */
export type { CertificatePair } from './certificate-pair.js';
export { createCa, CA_VALIDITY_DAYS } from './create-ca.js';
export { createServingCert, type ServingCertOptions } from './create-serving-cert.js';
export { createClientCert, type ClientCertOptions } from './create-client-cert.js';
export { caHash } from './ca-hash.js';
export { formatClusterToken, parseClusterToken, InvalidTokenError, TOKEN_PREFIX, type ClusterToken } from './cluster-token.js';
export {
  ensureServerPki,
  PKI_FILES,
  DEFAULT_SERVING_DNS,
  DEFAULT_SERVING_IPS,
  type ServerPki,
  type ServerPkiOptions,
} from './ensure-server-pki.js';
export { canonicalIp, readSans, missingSans, splitSans, type SanSet } from './san-coverage.js';
