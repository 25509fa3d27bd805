import t from 'tap';
import { resolveCluster } from '../../../src/agent/dns/resolve-cluster.js';
import { RecordClass, RecordType, Rcode } from '../../../src/agent/dns/dns-types.js';
import { fixtureIndex } from './dns-test-client.js';

const index = fixtureIndex();
const opts = { domain: 'cluster.local', ttl: 5 };
const ask = (name: string, type: number = RecordType.A) => resolveCluster(index, { name, type, class: RecordClass.IN }, opts);
const data = (name: string, type: number = RecordType.A) => ask(name, type)!.answers.map((a) => a.data);

t.test('ClusterIP services', async (t) => {
  const a = ask('web.default.svc.cluster.local')!;
  t.equal(a.rcode, Rcode.NOERROR);
  t.same(a.answers, [{ name: 'web.default.svc.cluster.local', type: RecordType.A, class: RecordClass.IN, ttl: 5, data: '10.43.0.20' }]);
  t.same(data('WEB.Default.svc.cluster.local.'), ['10.43.0.20'], 'case-insensitive, trailing dot');
  const v6 = ask('web.default.svc.cluster.local', RecordType.AAAA)!;
  t.equal(v6.rcode, Rcode.NOERROR, 'AAAA of an IPv4-only service: NOERROR');
  t.same(v6.answers, []);
  t.equal(v6.authorities[0]!.type, RecordType.SOA, 'with the SOA for negative caching');
  t.equal(ask('web.default.svc.cluster.local', RecordType.TXT)!.rcode, Rcode.NOERROR, 'known name, other type');
});

t.test('headless services: one A per ready endpoint, publishNotReadyAddresses honoured', async (t) => {
  t.same(data('db.data.svc.cluster.local'), ['10.42.1.10', '10.42.1.11']);
  t.same(data('early.data.svc.cluster.local'), ['10.42.1.20']);
  t.same(data('db-0.db.data.svc.cluster.local'), ['10.42.1.10'], 'StatefulSet pod through its endpoint hostname');
  t.equal(ask('db-2.db.data.svc.cluster.local')!.rcode, Rcode.NXDOMAIN, 'not-ready endpoint');
  t.same(data('10-42-2-7.bigh.default.svc.cluster.local'), ['10.42.2.7'], 'an endpoint without hostname by its dashed IP');
});

t.test('ExternalName: CNAME, chased', async (t) => {
  const a = ask('ext.default.svc.cluster.local')!;
  t.same(a.answers.map((r) => [r.type, r.data]), [[RecordType.CNAME, 'example.org']]);
  t.equal(a.chase, 'example.org');
  t.equal(ask('ext.default.svc.cluster.local', RecordType.CNAME)!.chase, undefined);
});

t.test('SRV for named ports', async (t) => {
  const a = ask('_http._tcp.web.default.svc.cluster.local', RecordType.SRV)!;
  t.same(a.answers.map((r) => r.data), [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
  t.same(a.additionals.map((r) => r.data), ['10.43.0.20']);
  const h = ask('_pg._tcp.db.data.svc.cluster.local', RecordType.SRV)!;
  t.same(h.answers.map((r) => (r.data as { target: string; port: number }).target), ['db-0.db.data.svc.cluster.local', 'db-1.db.data.svc.cluster.local']);
  t.same(h.additionals.map((r) => [r.name, r.data]), [['db-0.db.data.svc.cluster.local', '10.42.1.10'], ['db-1.db.data.svc.cluster.local', '10.42.1.11']]);
  t.equal(ask('_nope._tcp.web.default.svc.cluster.local', RecordType.SRV)!.rcode, Rcode.NXDOMAIN);
  t.equal(ask('_http._udp.web.default.svc.cluster.local', RecordType.SRV)!.rcode, Rcode.NXDOMAIN);
  t.equal(ask('web.default.svc.cluster.local', RecordType.SRV)!.answers.length, 2, 'SRV of the service: every port');
});

t.test('pod records and PTR', async (t) => {
  t.same(data('10-42-0-5.default.pod.cluster.local'), ['10.42.0.5']);
  t.same(data('10-42-9-9.default.pod.cluster.local'), ['10.42.9.9'], 'pods insecure, as k3s');
  t.equal(resolveCluster(index, { name: '10-42-9-9.default.pod.cluster.local', type: 1, class: 1 }, { ...opts, verifyPods: true })!.rcode, Rcode.NXDOMAIN);
  t.equal(ask('not-an-ip.default.pod.cluster.local')!.rcode, Rcode.NXDOMAIN);
  t.same(data('20.0.43.10.in-addr.arpa', RecordType.PTR), ['web.default.svc.cluster.local']);
  t.same(data('5.0.42.10.in-addr.arpa', RecordType.PTR), ['10-42-0-5.default.pod.cluster.local']);
  t.same(data('10.1.42.10.in-addr.arpa', RecordType.PTR), ['db-0.db.data.svc.cluster.local']);
  t.equal(ask('8.8.8.8.in-addr.arpa', RecordType.PTR), undefined, 'unknown addresses fall through to the upstreams');
});

t.test('NXDOMAIN under the cluster domain, with the SOA; other names are not ours', async (t) => {
  for (const name of ['nope.default.svc.cluster.local', 'web.other.svc.cluster.local', 'x.y.z.w.default.svc.cluster.local', 'foo.cluster.local']) {
    const a = ask(name)!;
    t.equal(a.rcode, Rcode.NXDOMAIN, name);
    t.same(a.authorities.map((r) => [r.name, r.type]), [['cluster.local', RecordType.SOA]]);
  }
  t.equal(ask('default.svc.cluster.local')!.rcode, Rcode.NOERROR, 'a namespace with services');
  t.equal(ask('cluster.local', RecordType.SOA)!.answers[0]!.type, RecordType.SOA);
  t.equal(ask('example.org'), undefined);
  t.equal(ask('web.default.svc.cluster.local.example.org'), undefined);
});

t.test('the index follows watch events', async (t) => {
  const idx = fixtureIndex();
  const q = (name: string) => resolveCluster(idx, { name, type: RecordType.A, class: RecordClass.IN }, opts)!;
  idx.apply('services', 'DELETED', { metadata: { namespace: 'default', name: 'web' } });
  t.equal(q('web.default.svc.cluster.local').rcode, Rcode.NXDOMAIN);
  idx.apply('endpointslices', 'MODIFIED', { metadata: { namespace: 'data', name: 'db-xyz12', labels: { 'kubernetes.io/service-name': 'db' } }, endpoints: [{ addresses: ['10.42.1.99'] }] });
  t.same(q('db.data.svc.cluster.local').answers.map((a) => a.data), ['10.42.1.99'], 'ready unset counts as ready');
  idx.replace('endpointslices', []);
  t.same(q('db.data.svc.cluster.local').answers, []);
  t.same(idx.sizes, { services: 5, endpointSlices: 0, pods: 2 });
});
