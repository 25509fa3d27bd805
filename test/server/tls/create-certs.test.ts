import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCa } from '../../../src/server/tls/create-ca.js';
import { createServingCert } from '../../../src/server/tls/create-serving-cert.js';
import { createClientCert } from '../../../src/server/tls/create-client-cert.js';
import { readSans } from '../../../src/server/tls/san-coverage.js';
import type { CertificatePair } from '../../../src/server/tls/certificate-pair.js';

interface Reply { status: number; body: string }

function get(port: number, ca: string, options: { host: string; servername?: string; cert?: CertificatePair }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: options.host,
      port,
      path: '/',
      ca,
      servername: options.servername,
      cert: options.cert?.certPem,
      key: options.cert?.keyPem,
      agent: false,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body}));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('CA certificate', async (t) => {
  const ca = await createCa('mk8s-test-ca');
  const cert = new X509Certificate(ca.certPem);
  t.equal(cert.subject, 'CN=mk8s-test-ca');
  t.equal(cert.issuer, 'CN=mk8s-test-ca');
  t.equal(cert.ca, true);
  t.ok(cert.verify(cert.publicKey), 'self-signed');
  t.equal(cert.publicKey.asymmetricKeyType, 'ec');
  t.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  const years = (new Date(cert.validTo).getTime() - Date.now()) / (365 * 24 * 3600 * 1000);
  t.ok(years > 9.9 && years < 10.1, `valid about 10 years (${years.toFixed(2)})`);
  t.match(ca.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  await t.rejects(createCa(' '), TypeError);
});

t.test('serving certificate: SANs, EKU, and a real TLS handshake trusting only the CA', async (t) => {
  const ca = await createCa('mk8s-test-ca');
  const serving = await createServingCert(ca, {
    commonName: 'mk8s',
    dnsNames: ['localhost', 'api.example.test'],
    ipAddresses: ['127.0.0.1', '::1', '10.43.0.1'],
    days: 30,
  });
  const cert = new X509Certificate(serving.certPem);
  const caCert = new X509Certificate(ca.certPem);
  t.equal(cert.subject, 'CN=mk8s');
  t.equal(cert.issuer, 'CN=mk8s-test-ca');
  t.equal(cert.ca, false);
  t.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey), 'signed by the CA');
  t.same(cert.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'serverAuth only');
  t.same(readSans(cert), { dnsNames: ['localhost', 'api.example.test'], ipAddresses: ['127.0.0.1', '0:0:0:0:0:0:0:1', '10.43.0.1'] });
  t.ok(cert.checkHost('api.example.test'));
  t.ok(cert.checkIP('::1'));
  const days = (new Date(cert.validTo).getTime() - Date.now()) / (24 * 3600 * 1000);
  t.ok(days > 29.9 && days < 30.1, `valid 30 days (${days.toFixed(2)})`);

  const server = createServer({ cert: serving.certPem, key: serving.keyPem }, (_req, res) => { res.end('ok'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;

  t.same(await get(port, ca.certPem, { host: '127.0.0.1' }), { status: 200, body: 'ok'}, 'IP SAN verified');
  t.same(await get(port, ca.certPem, { host: '127.0.0.1', servername: 'localhost' }), { status: 200, body: 'ok'}, 'DNS SAN verified');

  const otherCa = await createCa('someone-else');
  await t.rejects(get(port, otherCa.certPem, { host: '127.0.0.1' }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'another CA is not trusted');
  await t.rejects(get(port, ca.certPem, { host: '127.0.0.1', servername: 'not-listed.test' }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'a name not in the SANs fails');
});

t.test('serving certificate rejects bad names', async (t) => {
  const ca = await createCa('mk8s-test-ca');
  await t.rejects(createServingCert(ca, { commonName: 'x', ipAddresses: ['300.1.1.1'] }), { name: 'TypeError', message: 'Invalid IP address for a serving certificate: "300.1.1.1"' });
  await t.rejects(createServingCert(ca, { commonName: 'x', dnsNames: ['10.0.0.1'] }), { name: 'TypeError', message: 'Invalid DNS name for a serving certificate: "10.0.0.1"' });
  await t.rejects(createServingCert({ certPem: 'nope', keyPem: ca.keyPem }, { commonName: 'x' }), TypeError);
});

t.test('client certificate is accepted by a server requiring CA-signed clients', async (t) => {
  const ca = await createCa('mk8s-test-ca');
  const client = await createClientCert(ca, { commonName: 'system:node:n1', organization: 'system:nodes' });
  const cert = new X509Certificate(client.certPem);
  t.equal(cert.subject, 'O=system:nodes\nCN=system:node:n1');
  t.same(cert.keyUsage, ['1.3.6.1.5.5.7.3.2'], 'clientAuth only');
  t.equal(cert.subjectAltName, undefined);
  const multi = new X509Certificate((await createClientCert(ca, { commonName: 'admin', organization: ['system:masters', 'ops'] })).certPem);
  t.equal(multi.subject, 'O=system:masters\nO=ops\nCN=admin');

  const serving = await createServingCert(ca, { commonName: 'mk8s', ipAddresses: ['127.0.0.1'] });
  let seenCn: string | undefined;
  const server = createServer({ cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const cn = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN;
    seenCn = Array.isArray(cn) ? cn.join(',') : cn;
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const reply = await get(port, ca.certPem, { host: '127.0.0.1', cert: client });
  t.same(reply, { status: 200, body: 'hello'});
  t.equal(seenCn, 'system:node:n1');
});
