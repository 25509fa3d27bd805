import t from 'tap';
import { podResolvConf, parseResolvConf } from '../../../src/agent/dns/pod-resolv-conf.js';
import { nodeUpstreams, parseNameservers } from '../../../src/agent/dns/node-upstreams.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const node = 'search corp.example\nnameserver 127.0.0.53\nnameserver 192.0.2.53\noptions edns0 trust-ad\n';
const base = { namespace: 'shop', clusterDns: '10.43.0.10', clusterDomain: 'cluster.local', nodeResolvConf: node };

t.test('ClusterFirst and ClusterFirstWithHostNet', async (t) => {
  const want = 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.43.0.10\noptions ndots:5\n';
  t.equal(podResolvConf(base), want);
  t.equal(podResolvConf({ ...base, dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true }), want);
  t.equal(
    podResolvConf({ ...base, dnsConfig: { nameservers: ['1.1.1.1'], searches: ['x.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
    'search shop.svc.cluster.local svc.cluster.local cluster.local x.example\nnameserver 10.43.0.10\nnameserver 1.1.1.1\noptions ndots:2 edns0\n',
  );
});

t.test('Default, and ClusterFirst on the host network: the node resolvers', async (t) => {
  t.equal(podResolvConf({ ...base, dnsPolicy: 'Default' }), 'search corp.example\nnameserver 192.0.2.53\noptions edns0 trust-ad\n', 'loopback resolvers dropped in a pod network');
  t.equal(podResolvConf({ ...base, hostNetwork: true }), 'search corp.example\nnameserver 127.0.0.53\nnameserver 192.0.2.53\noptions edns0 trust-ad\n');
  t.equal(
    podResolvConf({ ...base, dnsPolicy: 'Default', dnsConfig: { nameservers: ['198.51.100.1'], options: [{ name: 'edns0' }, { name: 'ndots', value: '1' }] } }),
    'search corp.example\nnameserver 192.0.2.53\nnameserver 198.51.100.1\noptions edns0 trust-ad ndots:1\n',
    'dnsConfig merged onto the node file',
  );
});

t.test('None: dnsConfig only', async (t) => {
  t.equal(podResolvConf({ ...base, dnsPolicy: 'None', dnsConfig: { nameservers: ['9.9.9.9'], searches: ['a.b'] } }), 'search a.b\nnameserver 9.9.9.9\n');
});

t.test('resolv.conf parsing and upstream selection', async (t) => {
  t.same(parseResolvConf(node), { nameservers: ['127.0.0.53', '192.0.2.53'], searches: ['corp.example'], options: [{ name: 'edns0' }, { name: 'trust-ad' }] });
  t.same(parseNameservers('# c\nnameserver fe80::1%eth0\n nameserver 10.0.0.2 \n'), ['fe80::1', '10.0.0.2']);
  const dir = await mkdtemp(join(tmpdir(), 'mk8s-dns-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'stub'), 'nameserver 127.0.0.53\n');
  await writeFile(join(dir, 'real'), 'nameserver 127.0.0.1\nnameserver 10.0.0.2\n');
  await writeFile(join(dir, 'mixed'), node);
  t.same(nodeUpstreams({ resolvConf: join(dir, 'mixed'), fallback: join(dir, 'real') }), ['192.0.2.53']);
  t.same(nodeUpstreams({ resolvConf: join(dir, 'stub'), fallback: join(dir, 'real') }), ['10.0.0.2'], 'only loopback: the systemd-resolved file');
  t.same(nodeUpstreams({ resolvConf: join(dir, 'missing'), fallback: join(dir, 'real') }), []);
});
