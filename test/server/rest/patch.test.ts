import t from 'tap';
import { configMap, deployment, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

t.test('json patch', async (t) => {
  await api.post(CM, configMap('jp', { a: '1', b: '2' }));
  const res = await api.patch(`${CM}/jp`, JSON_PATCH, [
    { op: 'add', path: '/data/c', value: '3' },
    { op: 'remove', path: '/data/a' },
    { op: 'replace', path: '/data/b', value: 'two' },
  ]);
  t.equal(res.status, 200);
  t.same(res.body.data, { b: 'two', c: '3' });
  const failed = await api.patch(`${CM}/jp`, JSON_PATCH, [{ op: 'test', path: '/data/b', value: 'nope' }]);
  t.ok(failed.status >= 400 && failed.status < 500, `failed test op is a client error (${failed.status})`);
  t.equal(failed.body.kind, 'Status');
  t.same((await api.get(`${CM}/jp`)).body.data, { b: 'two', c: '3' });
  const missing = await api.patch(`${CM}/nope`, JSON_PATCH, [{ op: 'add', path: '/data/x', value: '1' }]);
  t.equal(missing.status, 404);
  t.equal(missing.body.message, 'configmaps "nope" not found');
});

t.test('merge patch', async (t) => {
  const created = (await api.post(CM, configMap('mp', { a: '1', b: '2' }))).body;
  const res = await api.patch(`${CM}/mp`, MERGE, { metadata: { labels: { x: 'y' } }, data: { a: null, c: '3' } });
  t.equal(res.status, 200);
  t.same(res.body.data, { b: '2', c: '3' });
  t.same(res.body.metadata.labels, { x: 'y' });
  const stale = await api.patch(`${CM}/mp`, MERGE, { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { d: '4' } });
  t.equal(stale.status, 409, 'resourceVersion in a patch is a precondition');
  t.equal(stale.body.reason, 'Conflict');
});

t.test('strategic merge patch merges containers by name', async (t) => {
  const d = deployment('smp');
  d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36' });
  t.equal((await api.post(DEPLOY, d)).status, 201);
  const res = await api.patch(`${DEPLOY}/smp`, STRATEGIC, {
    spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37' }, { name: 'extra', image: 'redis:7' }] } } },
  });
  t.equal(res.status, 200);
  const containers = res.body.spec.template.spec.containers.map((c: any) => [c.name, c.image]);
  t.same(containers.sort(), [['extra', 'redis:7'], ['sidecar', 'busybox:1.37'], ['web', 'nginx:1.25']]);
  t.equal(res.body.metadata.generation, 2);
  const del = await api.patch(`${DEPLOY}/smp`, STRATEGIC, { spec: { template: { spec: { containers: [{ name: 'extra', $patch: 'delete' }] } } } });
  t.equal(del.status, 200);
  t.same(del.body.spec.template.spec.containers.map((c: any) => c.name).sort(), ['sidecar', 'web']);
  // The same with merge patch replaces the list.
  const merged = await api.patch(`${DEPLOY}/smp`, MERGE, { spec: { template: { spec: { containers: [{ name: 'only', image: 'nginx:1' }] } } } });
  t.equal(merged.status, 200);
  t.same(merged.body.spec.template.spec.containers.map((c: any) => c.name), ['only']);
});

t.test('unsupported patch content type', async (t) => {
  await api.post(CM, configMap('pct'));
  const res = await api.patch(`${CM}/pct`, 'application/json', { data: { a: '2' } });
  t.ok([400, 415].includes(res.status), `status ${res.status}`);
  t.equal(res.body.kind, 'Status');
  t.equal((await api.get(`${CM}/pct`)).body.data.a, '1');
});

t.test('server-side apply', async (t) => {
  const doc = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
data:
  a: "1"
`;
  const created = await api.patch(`${CM}/ssa?fieldManager=alice`, APPLY, doc);
  t.equal(created.status, 201, 'create when absent answers 201');
  t.same(created.body.data, { a: '1' });
  t.ok(created.body.metadata.uid);
  t.ok(created.body.metadata.managedFields.some((m: any) => m.manager === 'alice' && m.operation === 'Apply'), 'alice owns via Apply');

  const again = await api.patch(`${CM}/ssa?fieldManager=alice`, APPLY, doc);
  t.equal(again.status, 200);
  t.equal(again.body.metadata.resourceVersion, created.body.metadata.resourceVersion, 're-apply is a no-op');

  const bobDoc = doc.replace('a: "1"', 'a: "2"');
  const conflict = await api.patch(`${CM}/ssa?fieldManager=bob`, APPLY, bobDoc);
  t.equal(conflict.status, 409);
  t.match(conflict.body, { kind: 'Status', reason: 'Conflict', code: 409 });
  t.match(conflict.body.message, /^Apply failed with 1 conflict: conflict with "alice"/);
  t.ok(conflict.body.details.causes.some((c: any) => c.type === 'FieldManagerConflict' && c.field === '.data.a'), JSON.stringify(conflict.body.details.causes));
  t.equal((await api.get(`${CM}/ssa`)).body.data.a, '1');

  const forced = await api.patch(`${CM}/ssa?fieldManager=bob&force=true`, APPLY, bobDoc);
  t.equal(forced.status, 200);
  t.equal(forced.body.data.a, '2');
  t.ok(forced.body.metadata.managedFields.some((m: any) => m.manager === 'bob' && m.operation === 'Apply'));

  const noManager = await api.patch(`${CM}/ssa`, APPLY, doc);
  t.equal(noManager.status, 400, 'apply requires a fieldManager');
});

t.test('dryRun=All persists nothing', async (t) => {
  const before = (await api.get(CM)).body;
  const created = await api.post(`${CM}?dryRun=All`, configMap('dry', { a: '1' }));
  t.equal(created.status, 201);
  t.equal(created.body.metadata.name, 'dry');
  t.equal((await api.get(`${CM}/dry`)).status, 404, 'dry-run create wrote nothing');

  const real = (await api.post(CM, configMap('dry', { a: '1' }))).body;
  const rv = real.metadata.resourceVersion;
  const updated = await api.put(`${CM}/dry?dryRun=All`, { ...real, data: { a: '2' } });
  t.equal(updated.status, 200);
  t.equal(updated.body.data.a, '2', 'the answer shows the change');
  for (const [type, body] of [
    [MERGE, { data: { a: '3' } }],
    [JSON_PATCH, [{ op: 'replace', path: '/data/a', value: '4' }]],
    [STRATEGIC, { data: { a: '5' } }],
  ] as const) {
    const res = await api.patch(`${CM}/dry?dryRun=All`, type, body);
    t.equal(res.status, 200, type);
  }
  const applied = await api.patch(`${CM}/dry-ssa?dryRun=All&fieldManager=x`, APPLY, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-ssa\ndata:\n  a: "1"\n');
  t.ok([200, 201].includes(applied.status), `dry-run apply create ${applied.status}`);
  t.equal((await api.get(`${CM}/dry-ssa`)).status, 404, 'dry-run apply created nothing');
  const deleted = await api.del(`${CM}/dry?dryRun=All`);
  t.equal(deleted.status, 200);
  const del2 = await api.del(`${CM}/dry`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] });
  t.equal(del2.status, 200);

  const now = await api.get(`${CM}/dry`);
  t.equal(now.status, 200, 'dry-run delete left it');
  t.equal(now.body.data.a, '1');
  t.equal(now.body.metadata.resourceVersion, rv, 'no write happened');
  const after = (await api.get(CM)).body;
  t.equal(after.items.length, before.items.length + 1, 'only the real create');

  const bad = await api.post(`${CM}?dryRun=Some`, configMap('dry2'));
  t.equal(bad.status, 400);
});
