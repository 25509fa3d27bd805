import t from 'tap';
import { startTestServer } from '../helpers/api-server.js';

const api = await startTestServer(t);

t.test('unauthenticated endpoints', async (t) => {
  const version = await api.get('/version', { token: null });
  t.equal(version.status, 200);
  t.equal(version.body.major, '1');
  const minor = Number(version.body.minor);
  t.ok(minor >= 27 && minor <= 33, `minor ${version.body.minor} is between 27 and 33`);
  t.match(version.body.gitVersion, new RegExp(`^v1\\.${minor}\\.`));
  for (const path of ['/healthz', '/readyz', '/livez']) {
    const res = await api.get(path, { token: null });
    t.equal(res.status, 200, path);
    t.equal(res.text, 'ok', path);
  }
});

t.test('401 without a token and with a wrong one', async (t) => {
  for (const token of [null, 'not-the-token', `${api.token}x`]) {
    for (const path of ['/api', '/apis', '/api/v1', '/api/v1/namespaces/default/configmaps', '/openapi/v3']) {
      const res = await api.get(path, { token });
      t.equal(res.status, 401, `${path} with token ${token}`);
      t.match(res.body, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    }
  }
  const write = await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'unauth' } }, { token: 'wrong' });
  t.equal(write.status, 401);
  t.equal((await api.get('/api/v1/namespaces/default/configmaps/unauth')).status, 404, 'nothing written');
});

t.test('/api and /apis', async (t) => {
  const a = await api.get('/api');
  t.equal(a.status, 200);
  t.equal(a.body.kind, 'APIVersions');
  t.same(a.body.versions, ['v1']);
  const apis = await api.get('/apis');
  t.equal(apis.status, 200);
  t.equal(apis.body.kind, 'APIGroupList');
  const apps = apis.body.groups.find((g: any) => g.name === 'apps');
  t.ok(apps, 'apps group listed');
  t.same(apps.preferredVersion, { groupVersion: 'apps/v1', version: 'v1' });
  t.notOk(apis.body.groups.some((g: any) => g.name === ''), 'core group not in /apis');
  const group = await api.get('/apis/apps');
  t.equal(group.status, 200);
  t.equal(group.body.kind, 'APIGroup');
  t.equal((await api.get('/apis/no.such.group')).status, 404);
});

t.test('/api/v1', async (t) => {
  const res = await api.get('/api/v1');
  t.equal(res.status, 200);
  t.equal(res.body.kind, 'APIResourceList');
  t.equal(res.body.groupVersion, 'v1');
  const byName = new Map<string, any>(res.body.resources.map((r: any) => [r.name, r]));
  const pods = byName.get('pods');
  t.match(pods, { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod' });
  t.ok(pods.shortNames.includes('po'), 'pods shortName po');
  t.ok(pods.categories.includes('all'), 'pods in category all');
  t.same([...pods.verbs].sort(), ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  t.match(byName.get('pods/status'), { name: 'pods/status', kind: 'Pod', namespaced: true });
  t.match(byName.get('pods/log'), { name: 'pods/log', kind: 'Pod', verbs: ['get'] });
  t.ok(byName.get('pods/binding'), 'pods/binding');
  t.ok(byName.get('pods/eviction'), 'pods/eviction');
  t.match(byName.get('namespaces'), { namespaced: false, kind: 'Namespace', shortNames: ['ns'] });
  t.match(byName.get('nodes'), { namespaced: false, kind: 'Node', shortNames: ['no'] });
  t.match(byName.get('configmaps'), { namespaced: true, shortNames: ['cm'] });
  t.ok(byName.get('services').shortNames.includes('svc'));
});

t.test('/apis/apps/v1', async (t) => {
  const res = await api.get('/apis/apps/v1');
  t.equal(res.status, 200);
  t.equal(res.body.groupVersion, 'apps/v1');
  const byName = new Map<string, any>(res.body.resources.map((r: any) => [r.name, r]));
  const d = byName.get('deployments');
  t.match(d, { kind: 'Deployment', namespaced: true, singularName: 'deployment' });
  t.ok(d.shortNames.includes('deploy'));
  t.ok(d.categories.includes('all'));
  t.match(byName.get('deployments/scale'), { kind: 'Scale', group: 'autoscaling', version: 'v1' });
  t.ok(byName.get('deployments/status'));
  for (const r of ['replicasets', 'daemonsets', 'statefulsets']) t.ok(byName.get(r), r);
  t.equal((await api.get('/apis/apps/v9')).status, 404);
});

t.test('openapi v3', async (t) => {
  const index = await api.get('/openapi/v3');
  t.equal(index.status, 200);
  const paths = index.body.paths;
  t.ok(paths['api/v1'], 'api/v1 listed');
  t.ok(paths['apis/apps/v1'], 'apis/apps/v1 listed');
  const url: string = paths['apis/apps/v1'].serverRelativeURL;
  t.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
  const doc = await api.get(url);
  t.equal(doc.status, 200);
  t.ok(doc.body.paths, 'document has paths');
  const patchOps = Object.values<any>(doc.body.paths).map((p) => p.patch).filter(Boolean);
  const deployPatch = patchOps.find((op) => op['x-kubernetes-group-version-kind']?.kind === 'Deployment');
  t.ok(deployPatch, 'a PATCH operation for Deployment');
  t.ok(
    [...(deployPatch.parameters ?? []), ...Object.values<any>(doc.body.paths).flatMap((p) => p.parameters ?? [])].some((p: any) => p.name === 'fieldValidation' || p.$ref?.includes('fieldValidation')),
    'fieldValidation parameter',
  );
  t.equal((await api.get('/openapi/v3/apis/nope/v1')).status, 404);
});

t.test('unknown paths and resources', async (t) => {
  const res = await api.get('/api/v1/namespaces/default/widgets');
  t.equal(res.status, 404);
  t.match(res.body, { kind: 'Status', reason: 'NotFound', code: 404 });
});
