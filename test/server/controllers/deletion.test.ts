import t from 'tap';
import { configMap, eventually, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'del-ns' } });
const CM = '/api/v1/namespaces/del-ns/configmaps';

const ownedBy = (owner: any) => [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: true }];

t.test('finalizers hold an object until removed', async (t) => {
  const created = await api.post(CM, { ...configMap('fin'), metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
  t.equal(created.status, 201);
  const w = await api.watch(`${CM}?watch=true&fieldSelector=metadata.name%3Dfin&resourceVersion=${created.body.metadata.resourceVersion}`);
  t.teardown(() => w.close());

  const del = await api.del(`${CM}/fin`);
  t.equal(del.status, 202, 'deletion pending');
  t.ok(del.body.metadata.deletionTimestamp, 'deletionTimestamp set');
  const modified = await w.next();
  t.equal(modified.type, 'MODIFIED');
  t.ok(modified.object.metadata.deletionTimestamp);
  const still = await api.get(`${CM}/fin`);
  t.equal(still.status, 200, 'still there');
  t.same(still.body.metadata.finalizers, ['example.com/hold']);

  const again = await api.del(`${CM}/fin`);
  t.equal(again.status, 202, 'a second delete changes nothing');
  t.equal(again.body.metadata.deletionTimestamp, del.body.metadata.deletionTimestamp);
  t.equal(again.body.metadata.resourceVersion, del.body.metadata.resourceVersion, 'a repeated delete writes nothing');

  const patched = await api.patch(`${CM}/fin`, 'application/merge-patch+json', { metadata: { finalizers: null } });
  t.equal(patched.status, 200);
  const deleted = await w.next();
  t.equal(deleted.type, 'DELETED');
  t.equal((await api.get(`${CM}/fin`)).status, 404);
});

t.test('Foreground: the dependent goes first, then the owner', async (t) => {
  const owner = (await api.post(CM, configMap('fg-owner'))).body;
  const dep = await api.post(CM, { ...configMap('fg-dep'), metadata: { name: 'fg-dep', ownerReferences: ownedBy(owner) } });
  t.equal(dep.status, 201);
  const w = await api.watch(`${CM}?watch=true&resourceVersion=${dep.body.metadata.resourceVersion}`);
  t.teardown(() => w.close());

  const del = await api.del(`${CM}/fg-owner`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' });
  t.equal(del.status, 202);
  t.ok(del.body.metadata.finalizers.includes('foregroundDeletion'));
  t.ok(del.body.metadata.deletionTimestamp);

  const events = await w.until((e) => e.type === 'DELETED' && e.object.metadata.name === 'fg-owner', 10_000);
  const order = events.filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name);
  t.same(order, ['fg-dep', 'fg-owner'], 'dependent deleted before owner');
  t.equal((await api.get(`${CM}/fg-owner`)).status, 404);
  t.equal((await api.get(`${CM}/fg-dep`)).status, 404);
});

t.test('Orphan: the dependent stays without the ownerReference', async (t) => {
  const owner = (await api.post(CM, configMap('or-owner'))).body;
  t.equal((await api.post(CM, { ...configMap('or-dep'), metadata: { name: 'or-dep', ownerReferences: ownedBy(owner) } })).status, 201);
  const del = await api.del(`${CM}/or-owner?propagationPolicy=Orphan`);
  t.ok([200, 202].includes(del.status));
  await eventually(async () => (await api.get(`${CM}/or-owner`)).status === 404, 'owner deleted');
  const dep = await api.get(`${CM}/or-dep`);
  t.equal(dep.status, 200, 'dependent kept');
  t.notOk(dep.body.metadata.ownerReferences?.length, 'ownerReference removed');
});

t.test('Background: owner goes at once, the dependent after', async (t) => {
  const owner = (await api.post(CM, configMap('bg-owner'))).body;
  t.equal((await api.post(CM, { ...configMap('bg-dep'), metadata: { name: 'bg-dep', ownerReferences: ownedBy(owner) } })).status, 201);
  const del = await api.del(`${CM}/bg-owner`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
  t.equal(del.status, 200);
  t.equal((await api.get(`${CM}/bg-owner`)).status, 404);
  await eventually(async () => (await api.get(`${CM}/bg-dep`)).status === 404, 'dependent garbage-collected');
  t.pass('dependent deleted');
});

t.test('namespace deletion', async (t) => {
  const ns = await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  t.equal(ns.status, 201);
  const sa = await eventually(async () => {
    const res = await api.get('/api/v1/namespaces/doomed/serviceaccounts/default');
    return res.status === 200 && res.body;
  }, 'default ServiceAccount in the new namespace');
  t.equal(sa.metadata.namespace, 'doomed');

  for (const name of ['c1', 'c2']) t.equal((await api.post('/api/v1/namespaces/doomed/configmaps', configMap(name))).status, 201);
  const w = await api.watch(`/api/v1/namespaces?watch=true&fieldSelector=metadata.name%3Ddoomed&resourceVersion=${ns.body.metadata.resourceVersion}`);
  t.teardown(() => w.close());

  const del = await api.del('/api/v1/namespaces/doomed');
  t.ok([200, 202].includes(del.status), `status ${del.status}`);
  t.equal(del.body.status.phase, 'Terminating');
  t.ok(del.body.metadata.deletionTimestamp);
  await w.until((e) => e.type === 'DELETED', 15_000);
  t.equal((await api.get('/api/v1/namespaces/doomed')).status, 404, 'namespace gone');
  t.same((await api.get('/api/v1/namespaces/doomed/configmaps')).body.items, [], 'content gone');
  t.same((await api.get('/api/v1/namespaces/doomed/serviceaccounts')).body.items, [], 'service accounts gone');
});
