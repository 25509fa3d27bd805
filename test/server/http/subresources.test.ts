import t from 'tap';
import { deployment, pod, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sub-ns' } });
const PODS = '/api/v1/namespaces/sub-ns/pods';
const DEPLOY = '/apis/apps/v1/namespaces/sub-ns/deployments';

t.test('pods/binding sets nodeName and PodScheduled', async (t) => {
  t.equal((await api.post(PODS, pod('bind-me'))).status, 201);
  const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
  const res = await api.post(`${PODS}/bind-me/binding`, binding);
  t.equal(res.status, 201);
  t.match(res.body, { kind: 'Status', status: 'Success' });
  const bound = (await api.get(`${PODS}/bind-me`)).body;
  t.equal(bound.spec.nodeName, 'node-1');
  t.match(bound.status.conditions.find((c: any) => c.type === 'PodScheduled'), { type: 'PodScheduled', status: 'True' });

  const again = await api.post(`${PODS}/bind-me/binding`, { ...binding, target: { ...binding.target, name: 'node-2' } });
  t.equal(again.status, 409);
  t.match(again.body, { kind: 'Status', reason: 'Conflict', code: 409 });
  t.match(again.body.message, /already assigned to node "node-1"/);
  t.equal((await api.get(`${PODS}/bind-me`)).body.spec.nodeName, 'node-1');

  const noTarget = await api.post(`${PODS}/bind-me/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' } });
  t.equal(noTarget.status, 400);
  const missing = await api.post(`${PODS}/nope/binding`, { ...binding, metadata: { name: 'nope' } });
  t.equal(missing.status, 404);
});

t.test('eviction deletes an unbound pod', async (t) => {
  t.equal((await api.post(PODS, pod('evict-me'))).status, 201);
  const res = await api.post(`${PODS}/evict-me/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evict-me', namespace: 'sub-ns' } });
  t.equal(res.status, 201);
  t.match(res.body, { kind: 'Status', status: 'Success' });
  t.equal((await api.get(`${PODS}/evict-me`)).status, 404, 'unbound pod deleted at once');
  const missing = await api.post(`${PODS}/evict-me/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evict-me' } });
  t.equal(missing.status, 404);
});

t.test('deployments/scale GET, PUT, PATCH', async (t) => {
  const created = (await api.post(DEPLOY, deployment('scaled', { replicas: 2 }))).body;
  const got = await api.get(`${DEPLOY}/scaled/scale`);
  t.equal(got.status, 200);
  t.match(got.body, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'scaled', namespace: 'sub-ns', uid: created.metadata.uid }, spec: { replicas: 2 }, status: { selector: 'app=scaled' } });

  const put = await api.put(`${DEPLOY}/scaled/scale`, { ...got.body, spec: { replicas: 4 } });
  t.equal(put.status, 200);
  t.equal(put.body.kind, 'Scale');
  t.equal(put.body.spec.replicas, 4);
  const afterPut = (await api.get(`${DEPLOY}/scaled`)).body;
  t.equal(afterPut.spec.replicas, 4);
  t.equal(afterPut.metadata.generation, 2, 'scaling is a spec change');

  const stale = await api.put(`${DEPLOY}/scaled/scale`, { ...got.body, spec: { replicas: 7 } });
  t.equal(stale.status, 409, 'stale resourceVersion on Scale');
  t.equal(stale.body.reason, 'Conflict');

  const patched = await api.patch(`${DEPLOY}/scaled/scale`, 'application/merge-patch+json', { spec: { replicas: 1 } });
  t.equal(patched.status, 200);
  t.match(patched.body, { kind: 'Scale', spec: { replicas: 1 } });
  t.equal((await api.get(`${DEPLOY}/scaled`)).body.spec.replicas, 1);

  const jp = await api.patch(`${DEPLOY}/scaled/scale`, 'application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: 3 }]);
  t.equal(jp.status, 200);
  t.equal(jp.body.spec.replicas, 3);

  const negative = await api.patch(`${DEPLOY}/scaled/scale`, 'application/merge-patch+json', { spec: { replicas: -1 } });
  t.ok(negative.status === 400 || negative.status === 422, `negative replicas refused (${negative.status})`);
  t.equal((await api.get(`${DEPLOY}/scaled`)).body.spec.replicas, 3);

  t.equal((await api.get(`${DEPLOY}/missing/scale`)).status, 404);
  t.equal((await api.get(`${PODS}/x/scale`)).status, 404, 'pods have no scale subresource');
});
