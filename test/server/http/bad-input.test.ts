import t, { type Test } from 'tap';
import { configMap, deployment, startTestServer, type ApiResponse } from '../helpers/api-server.js';

const api = await startTestServer(t);
await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bad-ns' } });
const CM = '/api/v1/namespaces/bad-ns/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/bad-ns/deployments';

/** Runs `attempt` and checks the namespace's configmaps and deployments are what they were. */
async function nothingWritten(t: Test, attempt: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const before = [(await api.get(CM)).body, (await api.get(DEPLOY)).body];
  const res = await attempt();
  const after = [(await api.get(CM)).body, (await api.get(DEPLOY)).body];
  t.same(after.map((l) => l.items), before.map((l) => l.items), 'nothing was written');
  // The global revision may move: controllers write in the background (service accounts, events).
  return res;
}

t.test('malformed JSON → 400', async (t) => {
  const res = await nothingWritten(t, () => api.request('POST', CM, { raw: '{"apiVersion":"v1","kind":"ConfigMap",', contentType: 'application/json' }));
  t.equal(res.status, 400);
  t.match(res.body, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400 });
  const empty = await nothingWritten(t, () => api.request('POST', CM, { raw: '', contentType: 'application/json' }));
  t.equal(empty.status, 400);
  const array = await nothingWritten(t, () => api.post(CM, [configMap('arr')]));
  t.equal(array.status, 400);
  const wrongKind = await nothingWritten(t, () => api.post(CM, { ...configMap('wk'), kind: 'Secret' }));
  t.equal(wrongKind.status, 400);
});

t.test('YAML body with Content-Type application/yaml', async (t) => {
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  greeting: hello\n';
  const res = await api.request('POST', CM, { raw: yaml, contentType: 'application/yaml' });
  t.equal(res.status, 201);
  t.same(res.body.data, { greeting: 'hello' });
  t.equal((await api.get(`${CM}/from-yaml`)).status, 200);
  const badYaml = await nothingWritten(t, () => api.request('POST', CM, { raw: 'metadata: [unclosed\n  name: x', contentType: 'application/yaml' }));
  t.equal(badYaml.status, 400);
});

t.test('fieldValidation', async (t) => {
  const withFoo = () => {
    const d = deployment('fv');
    d.spec.foo = 'bar';
    return d;
  };
  const strict = await nothingWritten(t, () => api.post(`${DEPLOY}?fieldValidation=Strict`, withFoo()));
  t.equal(strict.status, 400);
  t.match(strict.body, { kind: 'Status', reason: 'BadRequest', code: 400, message: 'strict decoding error: unknown field "spec.foo"' });

  const warn = await api.post(`${DEPLOY}?fieldValidation=Warn`, withFoo());
  t.equal(warn.status, 201);
  t.match(warn.headers.warning, /^299 - "unknown field \\"spec\.foo\\""$/);
  t.equal(warn.body.spec.foo, undefined, 'unknown fields are dropped, as upstream does');

  const ignore = await api.post(`${DEPLOY}?fieldValidation=Ignore`, { ...withFoo(), metadata: { name: 'fv2' } });
  t.equal(ignore.status, 201);
  t.equal(ignore.headers.warning, undefined);

  const strictUpdate = await nothingWritten(t, async () => {
    const current = (await api.get(`${DEPLOY}/fv`)).body;
    current.spec.foo = 'x';
    return api.put(`${DEPLOY}/fv?fieldValidation=Strict`, current);
  });
  t.equal(strictUpdate.status, 400);
  t.equal(strictUpdate.body.message, 'strict decoding error: unknown field "spec.foo"');

  const badMode = await nothingWritten(t, () => api.post(`${CM}?fieldValidation=Loose`, configMap('fvm')));
  t.equal(badMode.status, 400);
});

t.test('invalid objects → 422 Invalid', async (t) => {
  const badName = await nothingWritten(t, () => api.post(CM, configMap('Not_A_Valid_Name')));
  t.equal(badName.status, 422);
  t.match(badName.body, { kind: 'Status', reason: 'Invalid', code: 422, details: { name: 'Not_A_Valid_Name', kind: 'ConfigMap' } });
  t.ok(badName.body.details.causes.some((c: any) => c.field === 'metadata.name'), JSON.stringify(badName.body.details.causes));
  t.match(badName.body.message, /^ConfigMap "Not_A_Valid_Name" is invalid: /);

  const noImage = deployment('no-image');
  delete noImage.spec.template.spec.containers[0].image;
  const res = await nothingWritten(t, () => api.post(DEPLOY, noImage));
  t.equal(res.status, 422);
  t.match(res.body, { kind: 'Status', reason: 'Invalid', code: 422, details: { name: 'no-image', group: 'apps', kind: 'Deployment' } });
  t.ok(res.body.details.causes.some((c: any) => c.field === 'spec.template.spec.containers[0].image'), JSON.stringify(res.body.details.causes));
  t.match(res.body.message, /^Deployment\.apps "no-image" is invalid: /);

  const noName = await nothingWritten(t, () => api.post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }));
  t.equal(noName.status, 422);
  t.ok(noName.body.details.causes.some((c: any) => c.field === 'metadata.name'));

  const badUpdate = await nothingWritten(t, async () => {
    const current = (await api.get(`${DEPLOY}/fv2`)).body;
    current.spec.selector = { matchLabels: { other: 'x' } };
    return api.put(`${DEPLOY}/fv2`, current);
  });
  t.equal(badUpdate.status, 422, 'selector is immutable');
  t.ok(badUpdate.body.details.causes.some((c: any) => c.field === 'spec.selector'));
});

t.test('body over 3 MiB → 413', async (t) => {
  const big = configMap('big', { blob: 'x'.repeat(3 * 1024 * 1024 + 10) });
  const res = await nothingWritten(t, () => api.post(CM, big));
  t.equal(res.status, 413);
  t.match(res.body, { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  t.equal((await api.get(`${CM}/big`)).status, 404);
});

t.test('unsupported Content-Type → 415', async (t) => {
  const res = await nothingWritten(t, () => api.request('POST', CM, { raw: JSON.stringify(configMap('txt')), contentType: 'text/plain' }));
  t.equal(res.status, 415);
  t.match(res.body, { kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
});

t.test('unknown resource → 404', async (t) => {
  const res = await nothingWritten(t, () => api.post('/api/v1/namespaces/bad-ns/widgets', { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } }));
  t.equal(res.status, 404);
  t.match(res.body, { kind: 'Status', reason: 'NotFound', code: 404 });
  const group = await api.get('/apis/example.com/v1/namespaces/bad-ns/widgets');
  t.equal(group.status, 404);
  t.equal(group.body.kind, 'Status');
});

t.test('POST to a named path is not allowed', async (t) => {
  const res = await nothingWritten(t, () => api.post(`${CM}/named`, configMap('named')));
  t.equal(res.status, 405);
  t.equal(res.body.reason, 'MethodNotAllowed');
});
