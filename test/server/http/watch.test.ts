import t from 'tap';
import { SqliteStore } from '../../../src/store/index.js';
import { serverPaths } from '../../../src/server/server-config.js';
import { configMap, makeTempDir, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watch-ns' } });
const CM = '/api/v1/namespaces/watch-ns/configmaps';

t.test('RV unset: synthetic ADDED for existing objects, then live events', async (t) => {
  await api.post(CM, configMap('w-1'));
  await api.post(CM, configMap('w-2'));
  const w = await api.watch(`${CM}?watch=true`);
  t.teardown(() => w.close());
  t.equal(w.status, 200);
  t.match(w.headers['content-type'], /^application\/json/);
  const first = [await w.next(), await w.next()];
  t.same(first.map((e) => [e.type, e.object.metadata.name]).sort(), [['ADDED', 'w-1'], ['ADDED', 'w-2']]);
  t.equal(first[0].object.kind, 'ConfigMap');
  t.equal(first[0].object.apiVersion, 'v1');

  const created = (await api.post(CM, configMap('w-3'))).body;
  const added = await w.next();
  t.equal(added.type, 'ADDED');
  t.equal(added.object.metadata.name, 'w-3');
  t.equal(added.object.metadata.resourceVersion, created.metadata.resourceVersion);

  await api.patch(`${CM}/w-3`, 'application/merge-patch+json', { data: { b: '2' } });
  const modified = await w.next();
  t.equal(modified.type, 'MODIFIED');
  t.equal(modified.object.data.b, '2');

  await api.del(`${CM}/w-3`);
  const deleted = await w.next();
  t.equal(deleted.type, 'DELETED');
  t.equal(deleted.object.metadata.name, 'w-3');

  // resourceVersion=0 behaves like unset.
  const w0 = await api.watch(`${CM}?watch=true&resourceVersion=0`);
  t.teardown(() => w0.close());
  const initial = [await w0.next(), await w0.next()];
  t.same(initial.map((e) => e.type), ['ADDED', 'ADDED']);
});

t.test('RV=N: only later events', async (t) => {
  const list = await api.get(CM);
  const rv = list.body.metadata.resourceVersion;
  await api.post(CM, configMap('after-1'));
  await api.patch(`${CM}/after-1`, 'application/merge-patch+json', { data: { x: 'y' } });
  const w = await api.watch(`${CM}?watch=true&resourceVersion=${rv}`);
  t.teardown(() => w.close());
  t.equal(w.status, 200);
  const a = await w.next();
  t.same([a.type, a.object.metadata.name], ['ADDED', 'after-1'], 'the backlog since RV, not the existing objects');
  const m = await w.next();
  t.same([m.type, m.object.data.x], ['MODIFIED', 'y']);
  await api.post(CM, configMap('after-2'));
  const live = await w.next();
  t.same([live.type, live.object.metadata.name], ['ADDED', 'after-2']);
  t.ok(Number(live.object.metadata.resourceVersion) > Number(m.object.metadata.resourceVersion));

  const bad = await api.get(`${CM}?watch=true&resourceVersion=abc`);
  t.equal(bad.status, 400);
  t.equal(bad.body.reason, 'BadRequest');
});

t.test('label-selector watch: stop matching → DELETED, start matching → ADDED', async (t) => {
  await api.post(CM, configMap('sel-a', {}, { app: 'x' }));
  await api.post(CM, configMap('sel-b', {}, { app: 'y' }));
  const w = await api.watch(`${CM}?watch=true&labelSelector=${encodeURIComponent('app=x')}`);
  t.teardown(() => w.close());
  const init = await w.next();
  t.same([init.type, init.object.metadata.name], ['ADDED', 'sel-a']);

  await api.patch(`${CM}/sel-a`, 'application/merge-patch+json', { metadata: { labels: { app: 'z' } } });
  const gone = await w.next();
  t.same([gone.type, gone.object.metadata.name], ['DELETED', 'sel-a'], 'stops matching');
  await api.patch(`${CM}/sel-b`, 'application/merge-patch+json', { metadata: { labels: { app: 'x' } } });
  const came = await w.next();
  t.same([came.type, came.object.metadata.name], ['ADDED', 'sel-b'], 'starts matching');
  await api.patch(`${CM}/sel-b`, 'application/merge-patch+json', { data: { k: 'v' } });
  const mod = await w.next();
  t.same([mod.type, mod.object.metadata.name], ['MODIFIED', 'sel-b']);
  // A non-matching object's changes are not sent: the next event is sel-b's deletion.
  await api.patch(`${CM}/sel-a`, 'application/merge-patch+json', { data: { k: 'v' } });
  await api.del(`${CM}/sel-b`);
  const del = await w.next();
  t.same([del.type, del.object.metadata.name], ['DELETED', 'sel-b']);
});

t.test('field-selector watch on one name (kubectl get -w NAME)', async (t) => {
  await api.post(CM, configMap('named'));
  const w = await api.watch(`${CM}?fieldSelector=${encodeURIComponent('metadata.name=named')}&resourceVersion=0&watch=true`);
  t.teardown(() => w.close());
  const first = await w.next();
  t.same([first.type, first.object.metadata.name], ['ADDED', 'named']);
  await api.post(CM, configMap('other'));
  await api.patch(`${CM}/named`, 'application/merge-patch+json', { data: { z: '1' } });
  const next = await w.next();
  t.same([next.type, next.object.metadata.name], ['MODIFIED', 'named']);
});

t.test('timeoutSeconds=1 ends the stream', async (t) => {
  const started = Date.now();
  const w = await api.watch(`${CM}?watch=true&timeoutSeconds=1&labelSelector=none%3Dnone`);
  const rest = await w.ended;
  const took = Date.now() - started;
  t.same(rest, [], 'no events');
  t.ok(took >= 900 && took < 5000, `ended after ${took}ms`);
});

t.test('bookmarks', async (t) => {
  const w = await api.watch(`${CM}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&labelSelector=app%3Dx`);
  t.teardown(() => w.close());
  const events = await w.until((e) => e.type === 'BOOKMARK');
  const bookmark = events[events.length - 1];
  t.equal(bookmark.object.kind, 'ConfigMap');
  t.match(bookmark.object.metadata.resourceVersion, /^\d+$/);
  t.equal(bookmark.object.metadata.annotations?.['k8s.io/initial-events-end'], 'true');
  t.ok(events.slice(0, -1).every((e) => e.type === 'ADDED'), 'initial events before the bookmark');
  // The periodic bookmark interval (30 s) is not configurable through startServer; not waited for here.
});

t.test('compacted resourceVersion → 410 Expired', async (t) => {
  const dataDir = await makeTempDir(t);
  const first = await startTestServer(t, { dataDir });
  await first.post('/api/v1/namespaces/default/configmaps', configMap('old'));
  const oldRv = Number((await first.get('/api/v1/namespaces/default/configmaps/old')).body.metadata.resourceVersion);
  for (let i = 0; i < 10; i++) await first.patch('/api/v1/namespaces/default/configmaps/old', 'application/merge-patch+json', { data: { i: String(i) } });
  await first.stop();

  // A restarted server has an empty watch-cache ring, so an old RV must come from the store's event log.
  let store!: SqliteStore;
  const second = await startTestServer(t, {
    dataDir,
    store: (dir) => (store = new SqliteStore(serverPaths(dir).db, { retainRevisions: 5, compactIntervalMs: 0 })),
  });
  const result = await store.compact();
  t.ok(result.compactedRevision > oldRv, `compacted to ${result.compactedRevision} past ${oldRv}`);

  const w = await second.get(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${oldRv}`);
  t.equal(w.status, 410);
  t.match(w.body, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
  t.match(w.body.message, /^too old resource version: /);

  // A recent RV still works.
  const current = (await second.get('/api/v1/namespaces/default/configmaps')).body.metadata.resourceVersion;
  const ok = await second.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${current}`);
  t.teardown(() => ok.close());
  t.equal(ok.status, 200);
  await second.patch('/api/v1/namespaces/default/configmaps/old', 'application/merge-patch+json', { data: { i: 'new' } });
  const e = await ok.next();
  t.same([e.type, e.object.data.i], ['MODIFIED', 'new']);
});
