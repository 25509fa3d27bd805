import t from 'tap';
import { configMap, deployment, makeTempDir, startTestServer } from '../helpers/api-server.js';

t.test('objects, resourceVersions, CA and admin token survive a restart', async (t) => {
  const dataDir = await makeTempDir(t);
  const first = await startTestServer(t, { dataDir });
  const cm = (await first.post('/api/v1/namespaces/default/configmaps', configMap('persist', { k: 'v' }))).body;
  const d = (await first.post('/apis/apps/v1/namespaces/default/deployments', deployment('persist'))).body;
  await first.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kept-ns' } });
  const listRv = Number((await first.get('/api/v1/namespaces/default/configmaps')).body.metadata.resourceVersion);
  const firstCa = first.caPem;
  const firstToken = first.token;
  await first.stop();

  const second = await startTestServer(t, { dataDir });
  t.equal(second.caPem, firstCa, 'same CA');
  t.equal(second.token, firstToken, 'same admin token');
  t.not(second.url, '', 'listening');

  const cm2 = await second.get('/api/v1/namespaces/default/configmaps/persist');
  t.equal(cm2.status, 200);
  t.same(cm2.body.data, { k: 'v' });
  t.equal(cm2.body.metadata.uid, cm.metadata.uid);
  t.equal(cm2.body.metadata.resourceVersion, cm.metadata.resourceVersion, 'resourceVersion kept');
  t.equal(cm2.body.metadata.creationTimestamp, cm.metadata.creationTimestamp);

  const d2 = await second.get('/apis/apps/v1/namespaces/default/deployments/persist');
  t.equal(d2.status, 200);
  t.equal(d2.body.metadata.resourceVersion, d.metadata.resourceVersion);
  t.equal(d2.body.metadata.generation, 1);
  t.equal((await second.get('/api/v1/namespaces/kept-ns')).status, 200);

  const listRv2 = Number((await second.get('/api/v1/namespaces/default/configmaps')).body.metadata.resourceVersion);
  t.ok(listRv2 >= listRv, `revision does not go back (${listRv} → ${listRv2})`);

  // Revisions continue from where they were; a stale write is still a conflict.
  const updated = await second.put('/api/v1/namespaces/default/configmaps/persist', { ...cm, data: { k: 'w' } });
  t.equal(updated.status, 200);
  t.ok(Number(updated.body.metadata.resourceVersion) > listRv2);
  const stale = await second.put('/api/v1/namespaces/default/configmaps/persist', { ...cm, data: { k: 'x' } });
  t.equal(stale.status, 409);

  // A watch from a pre-restart RV replays what happened since.
  const w = await second.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${cm.metadata.resourceVersion}`);
  t.teardown(() => w.close());
  const e = await w.until((ev) => ev.object.metadata?.name === 'persist' && ev.type === 'MODIFIED');
  t.equal(e[e.length - 1].object.data.k, 'w');
});
