import { createCa, createServingCert } from '../../../../src/server/tls/index.js';

export interface TestPki {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** A CA and a serving certificate for 127.0.0.1 / localhost. */
export async function testPki(): Promise<TestPki> {
  const ca = await createCa('mk8s-streaming-test-ca');
  const serving = await createServingCert(ca, { commonName: 'streaming-test', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  return { caPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem };
}
