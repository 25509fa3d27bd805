import t from 'tap';
import { endpointSliceController } from '../../../src/server/controllers/endpointslice-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { serviceFixture } from './endpoints-controller-fixture.js';
import { setPodStatus } from './workload-controllers-harness.js';

t.test('one slice with ready, serving and terminating conditions', async (t) => {
  const { client, log } = await serviceFixture();
  const c = endpointSliceController(client, log, defaultServerConfig());
  await c.reconcile('shop/web');
  const slices = client.list('endpointslices.discovery.k8s.io', 'shop');
  t.equal(slices.length, 1);
  const [slice] = slices;
  t.match(slice.metadata.name, /^web-[a-z0-9]{5}$/);
  t.equal(slice.addressType, 'IPv4');
  t.equal(slice.metadata.labels['kubernetes.io/service-name'], 'web');
  t.equal(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  t.equal(slice.metadata.ownerReferences[0].kind, 'Service');
  t.equal(slice.metadata.ownerReferences[0].uid, client.get('services', 'shop', 'web').metadata.uid);
  t.same(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
  const byIp = Object.fromEntries(slice.endpoints.map((e: any) => [e.addresses[0], e]));
  t.same(byIp['10.42.0.5'].conditions, { ready: true, serving: true, terminating: false });
  t.equal(byIp['10.42.0.5'].hostname, 'a');
  t.equal(byIp['10.42.0.5'].nodeName, 'n1');
  t.same(byIp['10.42.0.4'].conditions, { ready: false, serving: false, terminating: false });
  t.same(byIp['10.42.0.6'].conditions, { ready: false, serving: true, terminating: true });

  const rv = slice.metadata.resourceVersion;
  await c.reconcile('shop/web');
  t.equal(client.list('endpointslices.discovery.k8s.io', 'shop')[0].metadata.resourceVersion, rv, 'no write when nothing changed');

  await setPodStatus(client, client.get('pods', 'shop', 'b'), 'Running', true, { podIP: '10.42.0.4' });
  await c.reconcile('shop/web');
  const after = client.list('endpointslices.discovery.k8s.io', 'shop');
  t.equal(after.length, 1, 'updated in place');
  t.equal(after[0].metadata.name, slice.metadata.name);
  t.same(after[0].endpoints.find((e: any) => e.addresses[0] === '10.42.0.4').conditions.ready, true);

  await client.delete('services', 'shop', 'web');
  await c.reconcile('shop/web');
  t.equal(client.list('endpointslices.discovery.k8s.io', 'shop').length, 0, 'removed with the service');
});
