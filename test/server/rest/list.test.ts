import t from 'tap';
import { configMap, deployment, pod, startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);
const NS = '/api/v1/namespaces/list-ns';
await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'list-ns' } });
const CM = `${NS}/configmaps`;

const names = (res: { body: any }) => res.body.items.map((i: any) => i.metadata.name).sort();
const sel = (s: string) => `${CM}?labelSelector=${encodeURIComponent(s)}`;

t.test('label selectors', async (t) => {
  await api.post(CM, configMap('l-a', {}, { env: 'prod', tier: 'web' }));
  await api.post(CM, configMap('l-b', {}, { env: 'dev', tier: 'web' }));
  await api.post(CM, configMap('l-c', {}, { env: 'test' }));
  await api.post(CM, configMap('l-d', {}));
  t.same(names(await api.get(sel('env=prod'))), ['l-a']);
  t.same(names(await api.get(sel('env==prod'))), ['l-a']);
  t.same(names(await api.get(sel('env!=prod'))), ['l-b', 'l-c', 'l-d'], '!= includes objects without the label');
  t.same(names(await api.get(sel('env in (prod,dev)'))), ['l-a', 'l-b']);
  t.same(names(await api.get(sel('env notin (prod,dev)'))), ['l-c', 'l-d']);
  t.same(names(await api.get(sel('tier'))), ['l-a', 'l-b']);
  t.same(names(await api.get(sel('!tier'))), ['l-c', 'l-d']);
  t.same(names(await api.get(sel('tier=web,env!=dev'))), ['l-a'], 'comma is AND');
  const bad = await api.get(sel('env in prod'));
  t.equal(bad.status, 400);
  t.match(bad.body, { kind: 'Status', reason: 'BadRequest', code: 400 });
});

t.test('field selectors', async (t) => {
  await api.post(`${NS}/pods`, pod('p-1', { nodeName: 'node-a' }));
  await api.post(`${NS}/pods`, pod('p-2', { nodeName: 'node-b' }));
  await api.post(`${NS}/pods`, pod('p-3'));
  const status = (await api.get(`${NS}/pods/p-2`)).body;
  status.status = { ...status.status, phase: 'Running' };
  t.equal((await api.put(`${NS}/pods/p-2/status`, status)).status, 200);

  const fs = (s: string) => api.get(`${NS}/pods?fieldSelector=${encodeURIComponent(s)}`);
  t.same(names(await fs('metadata.name=p-1')), ['p-1']);
  t.same(names(await fs('metadata.name!=p-1')), ['p-2', 'p-3']);
  t.same(names(await fs('metadata.namespace=list-ns')), ['p-1', 'p-2', 'p-3']);
  t.same(names(await fs('spec.nodeName=node-a')), ['p-1']);
  t.same(names(await fs('spec.nodeName=')), ['p-3'], 'unscheduled pods');
  t.same(names(await fs('status.phase=Running')), ['p-2']);
  t.same(names(await fs('status.phase=Pending,spec.nodeName!=node-a')), ['p-3']);
  t.same(names(await api.get(`${CM}?fieldSelector=metadata.name%3Dl-c`)), ['l-c']);

  const bad = await fs('spec.foo=bar');
  t.equal(bad.status, 400);
  t.match(bad.body, { kind: 'Status', reason: 'BadRequest', code: 400 });
  t.match(bad.body.message, /field label not supported: spec\.foo/);
  const cmBad = await api.get(`${CM}?fieldSelector=spec.nodeName%3Dx`);
  t.equal(cmBad.status, 400, 'spec.nodeName is pods only');
  t.match(cmBad.body.message, /field label not supported/);
});

t.test('limit and continue over 25 objects', async (t) => {
  await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'page-ns' } });
  const expected: string[] = [];
  for (let i = 0; i < 25; i++) {
    const name = `page-${String(i).padStart(2, '0')}`;
    expected.push(name);
    t.equal((await api.post('/api/v1/namespaces/page-ns/configmaps', configMap(name))).status, 201);
  }
  const seen: string[] = [];
  const remaining: (number | undefined)[] = [];
  let cont = '';
  let pages = 0;
  let firstRv: string | undefined;
  do {
    const res = await api.get(`/api/v1/namespaces/page-ns/configmaps?limit=10${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    t.equal(res.status, 200);
    pages++;
    firstRv ??= res.body.metadata.resourceVersion;
    // A write between pages must not disturb the paging.
    if (pages === 1) await api.post('/api/v1/namespaces/page-ns/configmaps', configMap('zz-late'));
    seen.push(...res.body.items.map((i: any) => i.metadata.name));
    remaining.push(res.body.metadata.remainingItemCount);
    cont = res.body.metadata.continue ?? '';
  } while (cont && pages < 10);
  t.equal(pages, 3, 'three pages');
  t.equal(new Set(seen).size, seen.length, 'no item twice');
  t.same(seen.filter((n) => n.startsWith('page-')), expected, 'every item once, in order');
  t.equal(remaining[0], 15, 'remainingItemCount on the first page');
  t.equal(remaining[1], seen.length - 20 > 0 ? seen.length - 20 : undefined);
  t.equal(remaining[2], undefined, 'no remainingItemCount on the last page');

  const badContinue = await api.get('/api/v1/namespaces/page-ns/configmaps?limit=10&continue=garbage!!');
  t.equal(badContinue.status, 400);
  const badLimit = await api.get('/api/v1/namespaces/page-ns/configmaps?limit=-1');
  t.equal(badLimit.status, 400);
});

t.test('as=Table', async (t) => {
  const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
  const pods = await api.get(`${NS}/pods?limit=500`, { accept });
  t.equal(pods.status, 200);
  t.equal(pods.body.kind, 'Table');
  t.equal(pods.body.apiVersion, 'meta.k8s.io/v1');
  const cols = pods.body.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name);
  t.same(cols, ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  const wide = pods.body.columnDefinitions.filter((c: any) => c.priority !== 0).map((c: any) => c.name);
  t.same(wide, ['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  t.equal(pods.body.rows.length, 3);
  t.match(pods.body.rows[0].object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'p-1' } });
  t.equal(pods.body.rows[0].cells[0], 'p-1');
  t.match(pods.body.metadata.resourceVersion, /^\d+$/);

  await api.post(`${NS.replace('/api/v1', '/apis/apps/v1')}/deployments`, deployment('tbl'));
  const d = await api.get('/apis/apps/v1/namespaces/list-ns/deployments', { accept });
  t.equal(d.body.kind, 'Table');
  t.same(d.body.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
  t.equal(d.body.rows[0].cells[0], 'tbl');

  const one = await api.get(`${NS}/pods/p-1`, { accept });
  t.equal(one.body.kind, 'Table', 'a get may ask for a table too');
  t.equal(one.body.rows.length, 1);
});
