import t from 'tap';
import { decodeMessage, encodeMessage } from '../../../src/agent/dns/dns-codec.js';
import { DnsFormatError, RecordClass, RecordType, type DnsMessage } from '../../../src/agent/dns/dns-types.js';

const IN = RecordClass.IN;

const full: DnsMessage = {
  id: 0xbeef, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, rcode: 3,
  questions: [{ name: 'web.default.svc.cluster.local', type: RecordType.A, class: IN }],
  answers: [
    { name: 'web.default.svc.cluster.local', type: RecordType.A, class: IN, ttl: 5, data: '10.43.0.20' },
    { name: 'web.default.svc.cluster.local', type: RecordType.AAAA, class: IN, ttl: 5, data: 'fd00::1:2' },
    { name: 'alias.default.svc.cluster.local', type: RecordType.CNAME, class: IN, ttl: 5, data: 'web.default.svc.cluster.local' },
    { name: '_http._tcp.web.default.svc.cluster.local', type: RecordType.SRV, class: IN, ttl: 5, data: { priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' } },
    { name: '20.0.43.10.in-addr.arpa', type: RecordType.PTR, class: IN, ttl: 5, data: 'web.default.svc.cluster.local' },
    { name: 'txt.example', type: RecordType.TXT, class: IN, ttl: 60, data: ['v=spf1 -all', ''] },
    { name: 'example', type: RecordType.MX, class: IN, ttl: 60, data: { preference: 10, exchange: 'mail.example' } },
    { name: 'x.example', type: 99, class: IN, ttl: 1, data: Buffer.from([1, 2, 3]) },
  ],
  authorities: [{ name: 'cluster.local', type: RecordType.SOA, class: IN, ttl: 5, data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 7, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } }],
  additionals: [{ name: 'web.default.svc.cluster.local', type: RecordType.A, class: IN, ttl: 5, data: '10.43.0.20' }],
  edns: { udpSize: 1232, dnssecOk: true },
};

t.test('every record type round-trips', async (t) => {
  t.same(decodeMessage(encodeMessage(full)), full);
  const plain = { ...full, edns: undefined, rcode: 0 };
  t.same(decodeMessage(encodeMessage(plain)), plain);
});

t.test('names are compressed on write and followed on read', async (t) => {
  const wire = encodeMessage(full);
  const name = Buffer.from('\x03web\x07default\x03svc\x07cluster\x05local\x00', 'latin1');
  t.equal(wire.indexOf(name), 12, 'the question name is written once');
  const second = wire.indexOf(name, 13);
  t.ok(second > 12, 'the SRV target is written in full (RFC 2782)');
  t.equal(wire.indexOf(name, second + 1), -1, 'every other copy is a pointer');
  const ten: DnsMessage = { ...full, answers: Array.from({ length: 10 }, (_, i) => ({ name: 'web.default.svc.cluster.local', type: RecordType.A, class: IN, ttl: 5, data: `10.0.0.${i}` })), authorities: [], additionals: [], edns: undefined };
  t.equal(encodeMessage(ten).length, 12 + 31 + 4 + 10 * (2 + 10 + 4), 'ten answers: 16 bytes each');
});

t.test('IPv6 text forms', async (t) => {
  for (const [input, out] of [['::', '::'], ['::1', '::1'], ['2001:db8::ff00:42:8329', '2001:db8::ff00:42:8329'], ['::ffff:10.0.0.1', '::ffff:a00:1'], ['1:0:0:2:0:0:0:3', '1:0:0:2::3']]) {
    const msg: DnsMessage = { ...full, answers: [{ name: 'a', type: RecordType.AAAA, class: IN, ttl: 1, data: input! }], authorities: [], additionals: [], edns: undefined };
    t.equal(decodeMessage(encodeMessage(msg)).answers[0]!.data, out, input);
  }
});

t.test('truncation drops whole records and sets TC', async (t) => {
  const many: DnsMessage = { ...full, answers: Array.from({ length: 100 }, (_, i) => ({ name: 'h.example', type: RecordType.A, class: IN, ttl: 5, data: `10.0.0.${i}` })), authorities: [], additionals: [], edns: undefined };
  const wire = encodeMessage(many, { maxSize: 512 });
  t.ok(wire.length <= 512);
  const back = decodeMessage(wire);
  t.equal(back.tc, true);
  t.ok(back.answers.length > 20 && back.answers.length < 100);
  t.equal(decodeMessage(encodeMessage(many)).tc, false);
});

t.test('malformed input is a DnsFormatError', async (t) => {
  t.throws(() => decodeMessage(Buffer.alloc(5)), DnsFormatError);
  const loop = Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
  t.throws(() => decodeMessage(loop), DnsFormatError, 'a pointer to itself');
  const wire = encodeMessage(full);
  t.throws(() => decodeMessage(wire.subarray(0, wire.length - 3)), DnsFormatError, 'cut short');
  t.throws(() => encodeMessage({ ...full, questions: [{ name: 'x'.repeat(64) + '.example', type: 1, class: 1 }] }), RangeError);
});
