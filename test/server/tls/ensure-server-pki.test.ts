import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServerPki } from '../../../src/server/tls/ensure-server-pki.js';
import { createCa } from '../../../src/server/tls/create-ca.js';
import { readSans } from '../../../src/server/tls/san-coverage.js';

async function tempDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mk8s-pki-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'tls');
}

t.test('creates the files, then reuses them', async (t) => {
  const dir = await tempDir(t);
  const options = { hostnames: ['node-a'], ips: ['192.168.1.10'], tlsSans: ['api.example.test', '2001:db8::5'] };
  const first = await ensureServerPki(dir, options);
  t.equal(first.caCreated, true);
  t.equal(first.servingCreated, true);
  t.equal(first.servingReason, 'new CA');
  t.same(first.paths, { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), servingCert: join(dir, 'serving.crt'), servingKey: join(dir, 'serving.key') });
  t.equal(await readFile(join(dir, 'ca.crt'), 'utf8'), first.ca.certPem);
  t.equal(await readFile(join(dir, 'serving.key'), 'utf8'), first.serving.keyPem);
  t.equal((await stat(join(dir, 'ca.key'))).mode & 0o777, 0o600);
  t.equal((await stat(join(dir, 'serving.key'))).mode & 0o777, 0o600);
  t.equal((await stat(join(dir, 'ca.crt'))).mode & 0o777, 0o644);

  const sans = readSans(new X509Certificate(first.serving.certPem));
  t.same(sans.dnsNames.sort(), ['api.example.test', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost', 'node-a']);
  t.same(sans.ipAddresses.sort(), ['0:0:0:0:0:0:0:1', '10.43.0.1', '127.0.0.1', '192.168.1.10', '2001:db8:0:0:0:0:0:5']);

  const started = performance.now();
  const second = await ensureServerPki(dir, options);
  const elapsed = performance.now() - started;
  t.ok(elapsed < 200, `reload took ${elapsed.toFixed(1)} ms`);
  const { servingReason: _reason, ...rest } = first;
  t.strictSame(second, { ...rest, caCreated: false, servingCreated: false });
  t.same(await ensureServerPki(dir, { hostnames: ['NODE-A'], ips: ['2001:0db8:0000::0005'] }).then((p) => p.servingCreated), false, 'a subset, differently spelt, is covered');
});

t.test('regenerates only the serving certificate when a SAN is missing', async (t) => {
  const dir = await tempDir(t);
  const first = await ensureServerPki(dir, { hostnames: ['node-a'] });
  const second = await ensureServerPki(dir, { hostnames: ['node-a'], tlsSans: ['10.0.0.99', 'new.example.test'] });
  t.equal(second.caCreated, false);
  t.equal(second.ca.certPem, first.ca.certPem);
  t.equal(second.ca.keyPem, first.ca.keyPem);
  t.equal(second.servingCreated, true);
  t.equal(second.servingReason, 'serving certificate lacks new.example.test, 10.0.0.99');
  t.not(second.serving.certPem, first.serving.certPem);
  t.equal(await readFile(join(dir, 'serving.crt'), 'utf8'), second.serving.certPem);
  const cert = new X509Certificate(second.serving.certPem);
  t.ok(cert.checkHost('new.example.test') && cert.checkIP('10.0.0.99'));
  t.ok(cert.verify(new X509Certificate(first.ca.certPem).publicKey));
});

t.test('replaces a serving certificate from another CA or without its key', async (t) => {
  const dir = await tempDir(t);
  await ensureServerPki(dir);
  const stranger = await createCa('stranger');
  await writeFile(join(dir, 'serving.crt'), stranger.certPem);
  await writeFile(join(dir, 'serving.key'), stranger.keyPem);
  t.equal((await ensureServerPki(dir)).servingReason, 'serving certificate not signed by the CA');
  await unlink(join(dir, 'serving.key'));
  t.equal((await ensureServerPki(dir)).servingReason, 'missing serving certificate or key');
  t.equal((await ensureServerPki(dir)).servingCreated, false);
});

t.test('expiring serving certificate is renewed', async (t) => {
  const dir = await tempDir(t);
  await ensureServerPki(dir);
  const later = new Date(Date.now() + 300 * 24 * 3600 * 1000);
  t.equal((await ensureServerPki(dir, { now: later })).servingReason, 'serving certificate expires soon');
});

t.test('a half-present CA is an error, not a silent new CA', async (t) => {
  const dir = await tempDir(t);
  await ensureServerPki(dir);
  await unlink(join(dir, 'ca.key'));
  await t.rejects(ensureServerPki(dir), { message: `Incomplete server CA in ${dir}: ${join(dir, 'ca.key')} is missing; restore it or remove both CA files to make a new CA` });
  const other = await createCa('other');
  await writeFile(join(dir, 'ca.key'), other.keyPem);
  await t.rejects(ensureServerPki(dir), { message: `Server CA key does not match the certificate ${join(dir, 'ca.crt')}` });
});
