import t from 'tap';
import { configMap, deployment, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

t.test('configmap create, get, list', async (t) => {
  const created = await api.post(CM, configMap('crud-a', { k: 'v' }));
  t.equal(created.status, 201);
  t.match(created.body, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'crud-a', namespace: 'default' }, data: { k: 'v' } });
  t.match(created.body.metadata.uid, /^[0-9a-f-]{36}$/);
  t.match(created.body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.match(created.body.metadata.resourceVersion, /^\d+$/);
  t.equal(created.body.metadata.generation, undefined, 'configmaps have no generation');

  const got = await api.get(`${CM}/crud-a`);
  t.equal(got.status, 200);
  t.same(got.body.metadata.uid, created.body.metadata.uid);
  t.equal(got.body.metadata.resourceVersion, created.body.metadata.resourceVersion);

  const list = await api.get(CM);
  t.equal(list.status, 200);
  t.equal(list.body.kind, 'ConfigMapList');
  t.equal(list.body.apiVersion, 'v1');
  t.match(list.body.metadata.resourceVersion, /^\d+$/);
  t.ok(Number(list.body.metadata.resourceVersion) >= Number(created.body.metadata.resourceVersion));
  t.ok(list.body.items.some((i: any) => i.metadata.name === 'crud-a'));

  const all = await api.get('/api/v1/configmaps');
  t.equal(all.status, 200, 'cluster-wide list of a namespaced kind');
  t.ok(all.body.items.some((i: any) => i.metadata.name === 'crud-a'));

  const dup = await api.post(CM, configMap('crud-a'));
  t.equal(dup.status, 409);
  t.match(dup.body, { kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'configmaps "crud-a" already exists', details: { name: 'crud-a', kind: 'configmaps' } });
});

t.test('configmap update: stale RV conflicts, no RV overwrites, delete, 404', async (t) => {
  const created = (await api.post(CM, configMap('x', { v: '1' }))).body;
  const first = await api.put(`${CM}/x`, { ...created, data: { v: '2' } });
  t.equal(first.status, 200);
  t.equal(first.body.data.v, '2');
  t.ok(Number(first.body.metadata.resourceVersion) > Number(created.metadata.resourceVersion));

  const stale = await api.put(`${CM}/x`, { ...created, data: { v: '3' } });
  t.equal(stale.status, 409);
  t.match(stale.body, {
    kind: 'Status',
    reason: 'Conflict',
    code: 409,
    message: 'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
  });
  t.equal((await api.get(`${CM}/x`)).body.data.v, '2', 'stale write not applied');

  const noRv = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { v: '4' } };
  const forced = await api.put(`${CM}/x`, noRv);
  t.equal(forced.status, 200);
  t.equal(forced.body.data.v, '4');
  t.equal(forced.body.metadata.uid, created.metadata.uid, 'uid kept');
  t.equal(forced.body.metadata.creationTimestamp, created.metadata.creationTimestamp, 'creationTimestamp kept');

  const wrongName = await api.put(`${CM}/x`, { ...noRv, metadata: { name: 'y' } });
  t.equal(wrongName.status, 400);
  t.equal(wrongName.body.reason, 'BadRequest');

  const missing = await api.put(`${CM}/never`, { ...noRv, metadata: { name: 'never' } });
  t.equal(missing.status, 404);

  const del = await api.del(`${CM}/x`);
  t.equal(del.status, 200);
  const gone = await api.get(`${CM}/x`);
  t.equal(gone.status, 404);
  t.match(gone.body, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "x" not found', details: { name: 'x', kind: 'configmaps' } });
  const again = await api.del(`${CM}/x`);
  t.equal(again.status, 404);
});

t.test('deployment generation and status subresource', async (t) => {
  const created = await api.post(DEPLOY, deployment('web'));
  t.equal(created.status, 201);
  t.equal(created.body.metadata.generation, 1);
  t.notOk(created.body.status && Object.keys(created.body.status).length, 'status cleared on create');
  const uid = created.body.metadata.uid;

  // Label change only: generation stays.
  const labelled = await api.put(`${DEPLOY}/web`, { ...created.body, metadata: { ...created.body.metadata, labels: { tier: 'front' } } });
  t.equal(labelled.status, 200);
  t.equal(labelled.body.metadata.generation, 1, 'no bump on label change');

  // Spec change: bump.
  const scaled = structuredClone(labelled.body);
  scaled.spec.replicas = 3;
  const bumped = await api.put(`${DEPLOY}/web`, scaled);
  t.equal(bumped.status, 200);
  t.equal(bumped.body.metadata.generation, 2, 'bump on spec change');

  // Status write: generation and spec kept, status stored.
  const withStatus = structuredClone(bumped.body);
  withStatus.status = { observedGeneration: 2, replicas: 3, readyReplicas: 1 };
  withStatus.spec.replicas = 99;
  const status = await api.put(`${DEPLOY}/web/status`, withStatus);
  t.equal(status.status, 200);
  t.equal(status.body.metadata.generation, 2, 'no bump on status write');
  t.equal(status.body.spec.replicas, 3, 'status write keeps spec');
  t.match(status.body.status, { observedGeneration: 2, replicas: 3, readyReplicas: 1 });

  // Main write: status kept.
  const main = structuredClone(status.body);
  main.status = { replicas: 0 };
  main.spec.template.spec.containers[0].image = 'nginx:1.26';
  const mainRes = await api.put(`${DEPLOY}/web`, main);
  t.equal(mainRes.status, 200);
  t.equal(mainRes.body.metadata.generation, 3);
  t.match(mainRes.body.status, { observedGeneration: 2, replicas: 3, readyReplicas: 1 }, 'main write keeps status');
  t.equal(mainRes.body.spec.template.spec.containers[0].image, 'nginx:1.26');

  const getStatus = await api.get(`${DEPLOY}/web/status`);
  t.equal(getStatus.status, 200);
  t.equal(getStatus.body.kind, 'Deployment');

  const list = await api.get(DEPLOY);
  t.equal(list.body.kind, 'DeploymentList');
  t.equal(list.body.apiVersion, 'apps/v1');

  const del = await api.del(`${DEPLOY}/web`);
  t.equal(del.status, 200);
  t.equal(del.body.metadata?.uid ?? del.body.details?.uid, uid);
  const gone = await api.get(`${DEPLOY}/web`);
  t.equal(gone.status, 404);
  t.match(gone.body, { reason: 'NotFound', code: 404, message: 'deployments.apps "web" not found', details: { name: 'web', group: 'apps', kind: 'deployments' } });
});

t.test('cluster-scoped: namespaces and nodes', async (t) => {
  const ns = await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crud-ns' } });
  t.equal(ns.status, 201);
  t.equal(ns.body.metadata.namespace, undefined, 'no namespace on a cluster-scoped object');
  t.equal(ns.body.status.phase, 'Active');

  const node = await api.post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'ignored' } });
  t.equal(node.status, 201);
  t.equal(node.body.metadata.namespace, undefined);
  t.equal((await api.get('/api/v1/nodes/n1')).status, 200);
  t.equal((await api.get('/api/v1/nodes')).body.kind, 'NodeList');
  t.equal((await api.get('/api/v1/namespaces/crud-ns')).body.kind, 'Namespace');
  const dupNode = await api.post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  t.equal(dupNode.status, 409);
  t.equal(dupNode.body.message, 'nodes "n1" already exists');

  const inNs = await api.post('/api/v1/namespaces/crud-ns/configmaps', configMap('in-ns'));
  t.equal(inNs.status, 201);
  t.equal(inNs.body.metadata.namespace, 'crud-ns');
  t.equal((await api.get(`${CM}/in-ns`)).status, 404, 'not visible in another namespace');

  const mismatch = await api.post('/api/v1/namespaces/crud-ns/configmaps', { ...configMap('mm'), metadata: { name: 'mm', namespace: 'default' } });
  t.equal(mismatch.status, 400);
  t.equal(mismatch.body.reason, 'BadRequest');

  t.equal((await api.del('/api/v1/nodes/n1')).status, 200);
  const gone = await api.get('/api/v1/nodes/n1');
  t.equal(gone.status, 404);
  t.equal(gone.body.message, 'nodes "n1" not found');
});

t.test('create in a missing namespace: 404', async (t) => {
  const res = await api.post('/api/v1/namespaces/no-such-ns/configmaps', configMap('orphan'));
  t.equal(res.status, 404);
  t.match(res.body, { kind: 'Status', reason: 'NotFound', code: 404, message: 'namespaces "no-such-ns" not found' });
  t.equal((await api.get('/api/v1/configmaps?fieldSelector=metadata.name=orphan')).body.items.length, 0);
});

t.test('create in a terminating namespace: 403', async (t) => {
  await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dying' } });
  // A finalizer on content keeps the namespace Terminating while we try to create.
  const held = await api.post('/api/v1/namespaces/dying/configmaps', { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  t.equal(held.status, 201);
  const del = await api.del('/api/v1/namespaces/dying');
  t.ok([200, 202].includes(del.status), `delete status ${del.status}`);
  t.ok(del.body.metadata.deletionTimestamp);
  t.equal(del.body.status.phase, 'Terminating');

  const res = await api.post('/api/v1/namespaces/dying/configmaps', configMap('late'));
  t.equal(res.status, 403);
  t.match(res.body, { kind: 'Status', reason: 'Forbidden', code: 403, message: 'unable to create new content in namespace dying because it is being terminated' });
  t.equal((await api.get('/api/v1/namespaces/dying/configmaps/late')).status, 404);

  // Release the finalizer so the namespace can go.
  const current = (await api.get('/api/v1/namespaces/dying/configmaps/held')).body;
  current.metadata.finalizers = [];
  t.equal((await api.put('/api/v1/namespaces/dying/configmaps/held', current)).status, 200);
});
