import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMk8s, startMk8sServer } from './helpers/server.js';
import { REPO_ROOT } from './helpers/paths.js';
import { freePort } from './helpers/free-port.js';
import { tempDir } from './helpers/temp-dir.js';
import { expectFail, expectOk } from './helpers/expect.js';

t.setTimeout(180_000);

t.test('mk8s version', async (t) => {
  const out = expectOk(t, await runMk8s(['version']), 'mk8s version');
  t.match(out, /^mk8s version v\d+\.\d+\.\d+ \(Kubernetes v1\.\d+\.\d+\)$/m);
  t.match(out, new RegExp(`^node ${process.version.replace(/\./g, '\\.')}$`, 'm'));
});

t.test('mk8s apply, get, delete, token against a server', async (t) => {
  const server = await startMk8sServer(t);
  const dir = tempDir(t);

  t.test('apply -f manifests/examples/: created, unchanged, configured', async (t) => {
    let out = expectOk(t, await server.mk8s(['apply', '-f', join(REPO_ROOT, 'manifests/examples/')]), 'first apply');
    for (const o of ['deployment.apps/web', 'service/web', 'job.batch/hello', 'cronjob.batch/tick']) t.match(out, new RegExp(`^${o.replace('.', '\\.')} created$`, 'm'), `${o} created`);
    out = expectOk(t, await server.mk8s(['apply', '-f', join(REPO_ROOT, 'manifests/examples/')]), 'second apply');
    for (const o of ['deployment.apps/web', 'service/web', 'job.batch/hello', 'cronjob.batch/tick']) t.match(out, new RegExp(`^${o.replace('.', '\\.')} unchanged$`, 'm'), `${o} unchanged`);
    const edited = join(dir, 'web.yaml');
    writeFileSync(edited, readFileSync(join(REPO_ROOT, 'manifests/examples/web.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'));
    out = expectOk(t, await server.mk8s(['apply', '-f', edited]), 'apply edited copy');
    t.match(out, /^deployment\.apps\/web configured$/m);
    t.match(out, /^service\/web unchanged$/m);
    const kubectlView = expectOk(t, await server.kubectl('1.33', ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), 'kubectl sees it');
    t.equal(kubectlView, '3');
  });

  t.test('get', async (t) => {
    let out = expectOk(t, await server.mk8s(['get', 'deploy']), 'mk8s get deploy');
    t.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    t.match(out, /^web\s+\d+\/3\s/m);
    out = expectOk(t, await server.mk8s(['get', 'deploy', 'web', '-o', 'yaml']), 'mk8s get deploy web -o yaml');
    t.match(out, /^kind: Deployment$/m);
    t.match(out, /^ {2}name: web$/m);
    t.match(out, /^ {2}replicas: 3$/m);
    out = expectOk(t, await server.mk8s(['get', 'deploy', '-A']), 'mk8s get deploy -A');
    t.match(out, /^NAMESPACE\s+NAME\s/m);
    t.match(out, /^default\s+web\s/m);
    out = expectOk(t, await server.mk8s(['get', 'ns', '-o', 'name']), 'mk8s get ns -o name');
    t.match(out, /^namespace\/kube-system$/m);
    const r = await server.mk8s(['get', 'foos']);
    expectFail(t, r, /doesn't have a resource type "foos"/, 'mk8s get foos');
  });

  t.test('delete', async (t) => {
    const out = expectOk(t, await server.mk8s(['delete', 'deploy', 'web']), 'mk8s delete deploy web');
    t.match(out, /^deployments?(\.apps)? "web" deleted$/m);
    expectFail(t, await server.mk8s(['get', 'deploy', 'web']), /deployments\.apps "web" not found/, 'gone');
    expectFail(t, await server.mk8s(['delete', 'deploy', 'web']), /"web" not found/, 'second delete');
  });

  t.test('apply -f with a YAML syntax error names the file and line', async (t) => {
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [unclosed\n  b: c\n');
    const r = await server.mk8s(['apply', '-f', bad]);
    const err = expectFail(t, r, /broken\.yaml/, 'apply broken.yaml');
    t.match(err, /line \d+/, 'names a line');
    t.equal((await server.request('GET', '/api/v1/namespaces/default/configmaps/broken')).status, 404, 'nothing created');
  });

  t.test('token create and list', async (t) => {
    const out = expectOk(t, await server.mk8s(['token', 'create', '--description', 'e2e']), 'mk8s token create');
    const m = /^K10[0-9a-f]{64}::([a-z0-9]{6})\.([a-z0-9]{16})$/m.exec(out);
    t.ok(m, `a K10<ca-hash>::<id>.<secret> token: ${out}`);
    const list = expectOk(t, await server.mk8s(['token', 'list']), 'mk8s token list');
    t.match(list, /^TOKEN\s+TTL\s+EXPIRES\s+DESCRIPTION$/m);
    if (m) t.match(list, new RegExp(`^${m[1]}\\.<secret>\\s.*e2e$`, 'm'), 'lists the new token with its description');
    if (m) t.notMatch(list, m[2], 'never prints the secret');
    if (m) {
      // The CLI writes stringData; the server must fold it into data (base64) as upstream does.
      const res = await server.request('GET', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${m[1]}`);
      t.equal(res.status, 200, 'the bootstrap token Secret exists');
      const secret = res.json();
      t.equal(secret.data?.['token-id'], Buffer.from(m[1]).toString('base64'), 'stringData was folded into data');
      t.notOk(secret.stringData, 'stringData is not stored');
    }
  });

  t.test('apply -f - reads stdin', async (t) => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\ndata:\n  k: v\n';
    t.match(expectOk(t, await server.mk8s(['apply', '-f', '-'], { stdin: cm }), 'mk8s apply -f -'), /^configmap\/from-stdin created$/m);
    t.equal((await server.request('GET', '/api/v1/namespaces/default/configmaps/from-stdin')).status, 200, 'stored');
  });
});

t.test('mk8s get against a server that is not running names the server', async (t) => {
  const dir = tempDir(t);
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters:
  - name: default
    cluster:
      server: https://127.0.0.1:${port}
      insecure-skip-tls-verify: true
contexts:
  - name: default
    context: {cluster: default, user: default}
current-context: default
users:
  - name: default
    user: {token: abc}
`);
  const r = await runMk8s(['get', 'deploy', '--kubeconfig', kubeconfig], { timeoutMs: 20_000 });
  t.equal(r.timedOut, false, 'fails fast');
  expectFail(t, r, new RegExp(`127\\.0\\.0\\.1:${port}`), 'mk8s get with nothing listening');
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

t.test('durability: SIGKILL right after apply, restart on the same data dir', async (t) => {
  const dataDir = tempDir(t, 'mk8s-e2e-durable-');
  const first = await startMk8sServer(t, [], { dataDir });
  const cm = join(tempDir(t), 'durable.yaml');
  writeFileSync(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: durable\ndata:\n  k: v\n');
  t.match(expectOk(t, await first.mk8s(['apply', '-f', cm]), 'mk8s apply -f durable.yaml'), /^configmap\/durable created$/m);
  await first.kill('SIGKILL');
  const second = await startMk8sServer(t, [], { dataDir });
  t.equal(second.caPem, first.caPem, 'same CA after restart');
  t.equal(second.token, first.token, 'same admin token after restart');
  const out = expectOk(t, await second.mk8s(['get', 'cm', 'durable', '-o', 'json']), 'mk8s get cm durable');
  const obj = JSON.parse(out || '{}');
  t.same(obj.data, { k: 'v' }, 'the acknowledged ConfigMap survived SIGKILL');
  const k = expectOk(t, await second.kubectl('1.32', ['get', 'cm', 'durable', '-o', 'jsonpath={.data.k}']), 'kubectl with the rewritten kubeconfig');
  t.equal(k, 'v');
  const ns = expectOk(t, await second.kubectl('1.32', ['get', 'ns', '-o', 'name']), 'namespaces after restart');
  t.equal(ns.trim().split('\n').filter((l) => l === 'namespace/default').length, 1, 'bootstrap does not duplicate the default namespace');
});
