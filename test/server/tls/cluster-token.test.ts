import t from 'tap';
import { X509Certificate, createHash } from 'node:crypto';
import { createCa } from '../../../src/server/tls/create-ca.js';
import { caHash } from '../../../src/server/tls/ca-hash.js';
import { formatClusterToken, parseClusterToken, InvalidTokenError } from '../../../src/server/tls/cluster-token.js';

const HASH = 'ab'.repeat(32);

t.test('caHash is the sha256 of the DER', async (t) => {
  const ca = await createCa('hash-ca');
  const expected = createHash('sha256').update(new X509Certificate(ca.certPem).raw).digest('hex');
  t.equal(caHash(ca.certPem), expected);
  t.match(caHash(ca.certPem), /^[0-9a-f]{64}$/);
  t.throws(() => caHash('garbage'), TypeError);
});

t.test('format and parse round trip', async (t) => {
  const ca = await createCa('token-ca');
  const token = formatClusterToken(ca.certPem, 's3cr3t-value');
  t.equal(token, `K10${caHash(ca.certPem)}::server:s3cr3t-value`);
  t.same(parseClusterToken(token), { caHash: caHash(ca.certPem), username: 'server', secret: 's3cr3t-value' });
  t.same(parseClusterToken(`  ${token}\n`), { caHash: caHash(ca.certPem), username: 'server', secret: 's3cr3t-value' }, 'surrounding whitespace ignored');
  t.equal(formatClusterToken(ca.certPem, 'x', 'node'), `K10${caHash(ca.certPem)}::node:x`);
});

t.test('accepted forms', async (t) => {
  t.same(parseClusterToken(`K10${HASH}::node:abc:def`), { caHash: HASH, username: 'node', secret: 'abc:def' }, 'secret may contain a colon');
  t.same(parseClusterToken(`K10${HASH.toUpperCase()}::server:x`), { caHash: HASH, username: 'server', secret: 'x' }, 'hash lower-cased');
  t.same(parseClusterToken(`K10${HASH}::only-secret`), { caHash: HASH, secret: 'only-secret' });
  t.same(parseClusterToken('plain-secret'), { secret: 'plain-secret' });
  t.same(parseClusterToken('user:pass'), { secret: 'user:pass' }, 'a bare secret is kept whole');
});

t.test('malformed tokens', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    [`K10${HASH}`, /without "::"/],
    [`K10abc::server:x`, /64 hex digits, got 3 characters "abc"/],
    [`K10${'z'.repeat(64)}::server:x`, /64 hex digits/],
    [`K10${HASH}::server:`, /secret is empty/],
    [`K10${HASH}::`, /secret is empty/],
    [`K10${HASH}:::x`, /bad user name ""/],
    [`K10${HASH}::bad user:x`, /secret contains whitespace|bad user name/],
    ['abc::def', /no "K10" prefix/],
    ['has space', /whitespace/],
  ];
  for (const [token, message] of cases) {
    t.throws(() => parseClusterToken(token), { name: 'InvalidTokenError', message }, JSON.stringify(token));
  }
  t.throws(() => parseClusterToken('a b'), InvalidTokenError);
  t.ok(new InvalidTokenError('x') instanceof Error);
  const ca = await createCa('c');
  t.throws(() => formatClusterToken(ca.certPem, ''), { message: /secret is empty/ });
  t.throws(() => formatClusterToken(ca.certPem, 'x', 'a:b'), { message: 'Invalid token user name "a:b"' });
});
