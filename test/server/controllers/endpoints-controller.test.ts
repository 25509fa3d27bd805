import t from 'tap';
import { endpointsController } from '../../../src/server/controllers/endpoints-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { serviceFixture } from './endpoints-controller-fixture.js';
import { setPodStatus } from './workload-controllers-harness.js';

t.test('ready and not-ready addresses, named ports, terminating pods left out', async (t) => {
  const { client, log } = await serviceFixture();
  t.ok(client.get('pods', 'shop', 'c').metadata.deletionTimestamp, 'c is terminating');
  const c = endpointsController(client, log, defaultServerConfig());
  await c.reconcile('shop/web');
  const ep = client.get('endpoints', 'shop', 'web');
  t.equal(ep.metadata.labels.tier, 'front');
  t.equal(ep.subsets.length, 1);
  const [subset] = ep.subsets;
  t.same(subset.addresses.map((a: any) => a.ip), ['10.42.0.5']);
  t.same(subset.notReadyAddresses.map((a: any) => a.ip), ['10.42.0.4']);
  t.equal(subset.addresses[0].hostname, 'a');
  t.equal(subset.addresses[0].nodeName, 'n1');
  t.same(subset.addresses[0].targetRef, { kind: 'Pod', namespace: 'shop', name: 'a', uid: client.get('pods', 'shop', 'a').metadata.uid });
  t.same(subset.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);

  await setPodStatus(client, client.get('pods', 'shop', 'b'), 'Running', true, { podIP: '10.42.0.4' });
  await c.reconcile('shop/web');
  t.same(client.get('endpoints', 'shop', 'web').subsets[0].addresses.map((a: any) => a.ip), ['10.42.0.4', '10.42.0.5'], 'b became ready');

  const svc = client.get('services', 'shop', 'web');
  svc.spec.publishNotReadyAddresses = true;
  await client.update('services', svc);
  await setPodStatus(client, client.get('pods', 'shop', 'b'), 'Running', false, { podIP: '10.42.0.4' });
  await c.reconcile('shop/web');
  const all = client.get('endpoints', 'shop', 'web').subsets[0];
  t.same(all.addresses.map((a: any) => a.ip), ['10.42.0.4', '10.42.0.5', '10.42.0.6'], 'publishNotReadyAddresses: everything, terminating too');
  t.notOk(all.notReadyAddresses);

  await client.delete('services', 'shop', 'web');
  await c.reconcile('shop/web');
  t.notOk(client.tryGet('endpoints', 'shop', 'web'), 'deleted with its service');
  await c.reconcile('default/kubernetes');
  t.pass('the kubernetes service is left alone');
});
