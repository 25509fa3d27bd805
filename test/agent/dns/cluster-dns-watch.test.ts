import t from 'tap';
import { startClusterDns } from '../../../src/agent/dns/index.js';
import { RecordType, Rcode } from '../../../src/agent/dns/dns-types.js';
import { createLogger } from '../../../src/log.js';
import { startCluster, waitFor } from '../helpers.js';
import { digUdp, query } from './dns-test-client.js';

t.test('services and endpoint slices arrive through list+watch', async (t) => {
  const cluster = await startCluster(t);
  const { client } = cluster;
  await client.call('POST', '/api/v1/namespaces/default/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'before' }, spec: { ports: [{ port: 80 }] } } });
  const dns = await startClusterDns({ client, listen: [{ host: '127.0.0.1', port: 0 }], upstreams: [], log: createLogger({ level: 'error' }) });
  t.teardown(() => dns.close());
  await dns.synced;
  const port = dns.addresses[0]!.port;
  const ask = async (name: string) => (await digUdp(port, query(name, RecordType.A))).reply;

  const before = await ask('before.default.svc.cluster.local');
  t.equal(before.rcode, Rcode.NOERROR, 'listed at start');
  t.equal(before.answers.length, 1, `ClusterIP ${before.answers[0]?.data}`);

  await client.call('POST', '/api/v1/namespaces/default/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hl' }, spec: { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] } } });
  await client.call('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    body: {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'hl-1', labels: { 'kubernetes.io/service-name': 'hl' } }, addressType: 'IPv4',
      ports: [{ name: 'web', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['10.42.0.7'], conditions: { ready: true } }, { addresses: ['10.42.0.8'], conditions: { ready: false } }],
    },
  });
  const hl = await waitFor('the headless service in DNS', async () => {
    const r = await ask('hl.default.svc.cluster.local');
    return r.answers.length > 0 && r;
  });
  t.same(hl.answers.map((a) => a.data), ['10.42.0.7']);

  await client.call('DELETE', '/api/v1/namespaces/default/services/before');
  await waitFor('the deleted service to go', async () => (await ask('before.default.svc.cluster.local')).rcode === Rcode.NXDOMAIN);
  t.pass('deleted service answers NXDOMAIN');
});
