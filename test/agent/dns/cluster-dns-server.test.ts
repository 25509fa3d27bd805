import t, { type Test } from 'tap';
import { createSocket } from 'node:dgram';
import { startClusterDns, type ClusterDns } from '../../../src/agent/dns/index.js';
import { RecordType, Rcode } from '../../../src/agent/dns/dns-types.js';
import { createLogger } from '../../../src/log.js';
import { digTcp, digUdp, fixtureIndex, query } from './dns-test-client.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

const log = createLogger({ level: 'error' });

async function start(t: Test, upstreams: string[], extra: { upstreamTimeoutMs?: number } = {}): Promise<ClusterDns> {
  const dns = await startClusterDns({ listen: [{ host: '127.0.0.1', port: 0 }], clusterDomain: 'cluster.local', upstreams, index: fixtureIndex(), log, ...extra });
  t.teardown(() => dns.close());
  return dns;
}

async function upstream(t: Test, options: { silent?: boolean } = {}): Promise<FakeUpstream> {
  const u = await startFakeUpstream(options);
  t.teardown(() => u.close());
  return u;
}

t.test('cluster names over UDP and TCP on one port', async (t) => {
  const dns = await start(t, []);
  const port = dns.addresses[0]!.port;
  for (const dig of [digUdp, digTcp]) {
    const { reply } = await dig(port, query('web.default.svc.cluster.local', RecordType.A));
    t.equal(reply.rcode, Rcode.NOERROR);
    t.equal(reply.aa, true);
    t.same(reply.answers.map((a) => [a.data, a.ttl]), [['10.43.0.20', 5]]);
  }
  const nx = (await digUdp(port, query('nope.default.svc.cluster.local', RecordType.A))).reply;
  t.equal(nx.rcode, Rcode.NXDOMAIN);
  t.equal(nx.authorities[0]!.type, RecordType.SOA);
  const srv = (await digTcp(port, query('_pg._tcp.db.data.svc.cluster.local', RecordType.SRV))).reply;
  t.equal(srv.answers.length, 2);
  t.match(dns.stats, { queries: 4, cluster: 4, nxdomain: 1 });
});

t.test('UDP answers over 512 bytes are truncated unless EDNS0 allows more; TCP carries all', async (t) => {
  const dns = await start(t, []);
  const port = dns.addresses[0]!.port;
  const plain = await digUdp(port, query('bigh.default.svc.cluster.local', RecordType.A));
  t.equal(plain.reply.tc, true);
  t.ok(plain.size <= 512, `${plain.size} bytes`);
  const edns = await digUdp(port, query('bigh.default.svc.cluster.local', RecordType.A, { edns: { udpSize: 4096 } }));
  t.equal(edns.reply.tc, false);
  t.equal(edns.reply.answers.length, 60);
  t.ok(edns.reply.edns, 'EDNS echoed');
  const small = await digUdp(port, query('bigh.default.svc.cluster.local', RecordType.A, { edns: { udpSize: 700 } }));
  t.equal(small.reply.tc, true);
  t.ok(small.size <= 700 && small.size > 512, `${small.size} bytes within the requester's 700`);
  const tcp = await digTcp(port, query('bigh.default.svc.cluster.local', RecordType.A));
  t.equal(tcp.reply.tc, false);
  t.equal(tcp.reply.answers.length, 60);
  t.equal(dns.stats.truncated, 2);
});

t.test('other names go to the upstreams, with a positive cache', async (t) => {
  const up = await upstream(t);
  const dns = await start(t, [up.address]);
  const port = dns.addresses[0]!.port;
  const first = (await digUdp(port, query('example.org', RecordType.A))).reply;
  t.equal(first.aa, false);
  t.same(first.answers.map((a) => a.data), ['93.184.216.34']);
  const again = (await digUdp(port, query('EXAMPLE.org', RecordType.A))).reply;
  t.same(again.answers.map((a) => a.data), ['93.184.216.34']);
  t.ok(again.answers[0]!.ttl <= 300);
  t.same(up.asked, [{ name: 'example.org', transport: 'udp' }], 'the second answer came from the cache');
  const nx = (await digUdp(port, query('nowhere.example', RecordType.A))).reply;
  t.equal(nx.rcode, Rcode.NXDOMAIN);
  await digUdp(port, query('nowhere.example', RecordType.A));
  await digUdp(port, query('short.example', RecordType.A));
  await digUdp(port, query('short.example', RecordType.A));
  t.equal(up.asked.filter((a) => a.name === 'nowhere.example').length, 2, 'negative answers are not cached');
  t.equal(up.asked.filter((a) => a.name === 'short.example').length, 2, 'TTL 0 is not cached');
  t.equal(dns.stats.cacheHits, 1);
});

t.test('a truncated upstream answer is asked again over TCP', async (t) => {
  const up = await upstream(t);
  const dns = await start(t, [up.address]);
  const port = dns.addresses[0]!.port;
  const tcp = (await digTcp(port, query('big.example', RecordType.A))).reply;
  t.equal(tcp.answers.length, 100);
  t.same(up.asked.map((a) => a.transport), ['udp', 'tcp']);
  const udp = await digUdp(port, query('big.example', RecordType.A));
  t.equal(udp.reply.tc, true, 'too big for the client over UDP: TC, so it retries over TCP');
});

t.test('a silent upstream times out and the next answers; none: SERVFAIL', async (t) => {
  const dead = await upstream(t, { silent: true });
  const live = await upstream(t);
  const dns = await start(t, [dead.address, live.address], { upstreamTimeoutMs: 200 });
  const port = dns.addresses[0]!.port;
  t.same((await digUdp(port, query('example.org', RecordType.A))).reply.answers.map((a) => a.data), ['93.184.216.34']);
  t.equal(dead.asked.length, 1);
  const alone = await start(t, [dead.address], { upstreamTimeoutMs: 100 });
  t.equal((await digUdp(alone.addresses[0]!.port, query('example.org', RecordType.A))).reply.rcode, Rcode.SERVFAIL);
  t.equal(alone.stats.servfail, 1);
});

t.test('ExternalName: CNAME plus the target resolved upstream or in the cluster', async (t) => {
  const up = await upstream(t);
  const dns = await start(t, [up.address]);
  const port = dns.addresses[0]!.port;
  const ext = (await digUdp(port, query('ext.default.svc.cluster.local', RecordType.A))).reply;
  t.same(ext.answers.map((a) => [a.type, a.data]), [[RecordType.CNAME, 'example.org'], [RecordType.A, '93.184.216.34']]);
  const alias = (await digUdp(port, query('alias.default.svc.cluster.local', RecordType.A))).reply;
  t.same(alias.answers.map((a) => a.data), ['web.default.svc.cluster.local', '10.43.0.20']);
});

t.test('garbage gets FORMERR or silence; the server keeps answering', async (t) => {
  const dns = await start(t, []);
  const port = dns.addresses[0]!.port;
  const socket = createSocket('udp4');
  t.teardown(() => socket.close());
  const reply = new Promise<Buffer>((resolve) => socket.once('message', resolve));
  socket.send(Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x3f]), port, '127.0.0.1');
  const got = await reply;
  t.equal(got.readUInt16BE(0), 0x1234);
  t.equal(got[3]! & 0x0f, Rcode.FORMERR);
  t.equal((await digUdp(port, query('web.default.svc.cluster.local', RecordType.A))).reply.answers.length, 1);
});
