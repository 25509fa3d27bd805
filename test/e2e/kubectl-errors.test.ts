import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMk8sServer } from './helpers/server.js';
import { KUBECTL_VERSIONS } from './helpers/paths.js';
import { tempDir } from './helpers/temp-dir.js';
import { expectFail, expectOk } from './helpers/expect.js';

t.setTimeout(180_000);

const BAD_FIELD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: strict
spec:
  foo: bar
  selector:
    matchLabels: {app: strict}
  template:
    metadata:
      labels: {app: strict}
    spec:
      containers:
        - name: c
          image: mk8s.local/busybox:latest
`;

t.test('kubectl error reporting', async (t) => {
  const server = await startMk8sServer(t);
  const dir = tempDir(t);
  const badFile = join(dir, 'bad-field.yaml');
  writeFileSync(badFile, BAD_FIELD);
  const wrongKubeconfig = join(dir, 'wrong-token.yaml');
  writeFileSync(wrongKubeconfig, readFileSync(server.kubeconfig, 'utf8').replace(/token: .*/, 'token: not-the-admin-token'));

  for (const v of KUBECTL_VERSIONS) {
    t.test(`kubectl ${v}`, async (t) => {
      const k = (args: string[]) => server.kubectl(v, args);

      t.test('strict validation: unknown field spec.foo', async (t) => {
        for (const verb of ['apply', 'create']) {
          const r = await k([verb, '-f', badFile]);
          expectFail(t, r, /unknown field "spec\.foo"/, `${verb} -f with spec.foo`);
          t.match(r.stderr, /Error from server \(BadRequest\)/, `${verb}: a BadRequest from the server`);
        }
        expectFail(t, await k(['get', 'deploy', 'strict']), /deployments\.apps "strict" not found/, 'nothing was created');
        const lax = await k(['apply', '--validate=false', '-f', badFile]);
        t.match(expectOk(t, lax, 'apply --validate=false drops the unknown field'), /deployment\.apps\/strict created/);
        expectOk(t, await k(['delete', 'deploy', 'strict']), 'clean up');
      });

      t.test('invalid name', async (t) => {
        const r = await k(['create', 'configmap', 'Bad_Name', '--from-literal=a=b']);
        expectFail(t, r, /Invalid value: "Bad_Name"/, 'create configmap Bad_Name');
        t.match(r.stderr, /ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
        expectFail(t, await k(['get', 'configmap', 'Bad_Name']), /not found/, 'nothing was created');
      });

      t.test('missing namespace', async (t) => {
        const r = await k(['-n', 'nope', 'create', 'configmap', 'x', '--from-literal=a=b']);
        expectFail(t, r, /namespaces "nope" not found/, 'create in namespace nope');
        expectFail(t, await k(['get', 'ns', 'nope']), /namespaces "nope" not found/, 'the namespace was not created on the way');
      });

      t.test('wrong token', async (t) => {
        const r = await server.kubectl(v, ['--kubeconfig', wrongKubeconfig, 'get', 'ns']);
        expectFail(t, r, /Unauthorized|You must be logged in/, 'get ns with a wrong token');
      });

      t.test('unknown resource', async (t) => {
        expectFail(t, await k(['get', 'foos']), /the server doesn't have a resource type "foos"/, 'get foos');
      });
    });
  }

  t.test('HTTP status codes', async (t) => {
    t.test('invalid name is 422 Invalid with causes', async (t) => {
      const res = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }),
      });
      t.equal(res.status, 422);
      const st = res.json();
      t.equal(st.kind, 'Status');
      t.equal(st.reason, 'Invalid');
      t.equal(st.code, 422);
      t.equal(st.details?.kind, 'ConfigMap');
      t.equal(st.details?.causes?.[0]?.field, 'metadata.name');
      t.equal(st.details?.causes?.[0]?.type, 'FieldValueInvalid');
    });

    t.test('a wrong token is 401 Unauthorized', async (t) => {
      const res = await server.request('GET', '/api/v1/namespaces', { token: 'wrong' });
      t.equal(res.status, 401);
      t.match(res.json(), { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
      const none = await server.request('GET', '/api/v1/namespaces', { token: null });
      t.equal(none.status, 401, 'no token at all is 401 too (anonymous is not allowed)');
    });

    t.test('a body over 3 MiB is 413', async (t) => {
      const big = 'x'.repeat(3 * 1024 * 1024 + 1024);
      const res = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { big } }),
      });
      t.equal(res.status, 413);
      t.match(res.json(), { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
      const get = await server.request('GET', '/api/v1/namespaces/default/configmaps/big');
      t.equal(get.status, 404, 'nothing was stored');
      const ok = await server.request('GET', '/readyz');
      t.equal(ok.status, 200, 'the server is still serving');
    });

    t.test('strict decoding is 400', async (t) => {
      const res = await server.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', {
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strict' }, foo: 1 }),
      });
      t.equal(res.status, 400);
      t.match(res.json().message, /strict decoding error: unknown field "foo"/);
    });
  });
});
