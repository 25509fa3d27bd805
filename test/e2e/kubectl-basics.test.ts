import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMk8sServer, type Mk8sServer } from './helpers/server.js';
import { KUBECTL_VERSIONS, REPO_ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/temp-dir.js';
import { waitFor } from './helpers/wait-for.js';
import { expectFail, expectOk } from './helpers/expect.js';

t.setTimeout(240_000);

const WEB = readFileSync(join(REPO_ROOT, 'manifests/examples/web.yaml'), 'utf8');

t.test('kubectl basics against mk8s server', async (t) => {
  const server = await startMk8sServer(t);
  const dir = tempDir(t);

  for (const v of KUBECTL_VERSIONS) {
    t.test(`kubectl ${v}`, async (t) => {
      const ns = `basics-${v.replace('.', '-')}`;
      const k = (args: string[], stdin?: string) => server.kubectl(v, args, { stdin });
      const kn = (args: string[], stdin?: string) => k(['-n', ns, ...args], stdin);
      const jsonpath = async (what: string, path: string) => expectOk(t, await kn(['get', what, '-o', `jsonpath={${path}}`]), `get ${what} ${path}`);

      t.test('version reports the server', async (t) => {
        const out = expectOk(t, await k(['version', '-o', 'json']), 'version -o json');
        const info = JSON.parse(out);
        t.match(info.serverVersion?.gitVersion, /^v1\.\d+\.\d+\+mk8s$/, 'server gitVersion');
        t.match(info.serverVersion?.major, '1');
        const plain = await k(['version']);
        t.match(plain.stdout, /Server Version:.*v1\.\d+\.\d+\+mk8s/, 'plain version prints the server version');
      });

      t.test('get ns shows the built-in namespaces', async (t) => {
        const out = expectOk(t, await k(['get', 'ns']), 'get ns');
        for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) t.match(out, new RegExp(`^${n}\\s+Active\\s`, 'm'), `lists ${n} as Active`);
        expectOk(t, await k(['create', 'namespace', ns]), `create namespace ${ns}`);
      });

      const file = join(dir, `web-${v}.yaml`);
      writeFileSync(file, WEB);

      t.test('apply: created, unchanged, configured', async (t) => {
        let out = expectOk(t, await kn(['apply', '-f', file]), 'first apply');
        t.match(out, /^deployment\.apps\/web created$/m);
        t.match(out, /^service\/web created$/m);
        out = expectOk(t, await kn(['apply', '-f', file]), 'second apply');
        t.match(out, /^deployment\.apps\/web unchanged$/m);
        t.match(out, /^service\/web unchanged$/m);
        writeFileSync(file, WEB.replace('replicas: 2', 'replicas: 3'));
        out = expectOk(t, await kn(['apply', '-f', file]), 'apply after editing replicas');
        t.match(out, /^deployment\.apps\/web configured$/m);
        t.match(out, /^service\/web unchanged$/m);
        t.equal(await jsonpath('deploy/web', '.spec.replicas'), '3', 'replicas is 3');
      });

      t.test('get output formats', async (t) => {
        let out = expectOk(t, await kn(['get', 'deploy']), 'get deploy');
        t.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m, 'deployment columns');
        t.match(out, /^web\s+\d+\/3\s/m, 'web row');
        out = expectOk(t, await kn(['get', 'deploy', '-o', 'wide']), 'get deploy -o wide');
        t.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m, 'wide columns');
        t.match(out, /^web\s.*\shttpd\s+mk8s\.local\/busybox:latest\s+app=web$/m, 'wide row');
        out = expectOk(t, await kn(['get', 'deploy', 'web', '-o', 'yaml']), '-o yaml');
        t.match(out, /^kind: Deployment$/m);
        t.match(out, /^apiVersion: apps\/v1$/m);
        t.match(out, /^ {2}name: web$/m);
        const obj = JSON.parse(expectOk(t, await kn(['get', 'deploy', 'web', '-o', 'json']), '-o json'));
        t.equal(obj.kind, 'Deployment');
        t.equal(obj.metadata.namespace, ns);
        t.equal(obj.spec.replicas, 3);
        t.match(obj.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], /"replicas":3/, 'last-applied annotation');
        const list = JSON.parse(expectOk(t, await kn(['get', 'deploy', '-o', 'json']), 'list -o json'));
        t.equal(list.kind, 'List');
        t.same(list.items.map((i: any) => i.metadata.name), ['web']);
        out = expectOk(t, await kn(['get', 'deploy', '-o', 'name']), '-o name');
        t.equal(out.trim(), 'deployment.apps/web');
        out = expectOk(t, await kn(['get', 'all']), 'get all');
        t.match(out, /^service\/web\s+ClusterIP\s/m, 'get all lists the service');
        t.match(out, /^deployment\.apps\/web\s/m, 'get all lists the deployment');
        out = expectOk(t, await k(['get', 'po', '-A']), 'get po -A');
        out = expectOk(t, await k(['get', 'deploy', '-A']), 'get deploy -A');
        t.match(out, new RegExp(`^${ns}\\s+web\\s`, 'm'), 'deploy -A shows the namespace column');
        out = expectOk(t, await kn(['get', 'deploy,svc', '-l', 'app=web', '-o', 'name']), '-l app=web');
        t.equal(out.trim(), 'deployment.apps/web', 'only the labelled deployment (the service has no labels)');
        out = expectOk(t, await kn(['get', 'deploy', '-l', 'app in (nope,other)', '-o', 'name']), '-l in (...)');
        t.equal(out.trim(), '', 'nothing matches app in (nope,other)');
      });

      t.test('describe', async (t) => {
        const out = expectOk(t, await kn(['describe', 'deploy', 'web']), 'describe deploy web');
        t.match(out, /^Name:\s+web$/m);
        t.match(out, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
        t.match(out, /^Replicas:\s+3 desired/m);
        t.match(out, /^Selector:\s+app=web$/m);
        t.match(out, /Image:\s+mk8s\.local\/busybox:latest/);
      });

      t.test('label, annotate, scale', async (t) => {
        t.match(expectOk(t, await kn(['label', 'deploy', 'web', 'tier=front']), 'label'), /deployment\.apps\/web labeled/);
        t.equal(await jsonpath('deploy/web', '.metadata.labels.tier'), 'front');
        t.match(expectOk(t, await kn(['annotate', 'deploy', 'web', 'note=hello']), 'annotate (kubectl 1.27 itself prints "annotate")'), /deployment\.apps\/web annotated?$/m);
        t.equal(await jsonpath('deploy/web', '.metadata.annotations.note'), 'hello');
        t.match(expectOk(t, await kn(['label', 'deploy', 'web', 'tier-']), 'remove label'), /deployment\.apps\/web unlabeled/);
        t.equal(await jsonpath('deploy/web', '.metadata.labels.tier'), '');
        t.match(expectOk(t, await kn(['scale', 'deploy', 'web', '--replicas=4']), 'scale'), /deployment\.apps\/web scaled/);
        t.equal(await jsonpath('deploy/web', '.spec.replicas'), '4');
      });

      t.test('patch json, merge, strategic', async (t) => {
        const gen0 = Number(await jsonpath('deploy/web', '.metadata.generation'));
        let out = expectOk(t, await kn(['patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5}]']), 'json patch');
        t.match(out, /deployment\.apps\/web patched/);
        t.equal(await jsonpath('deploy/web', '.spec.replicas'), '5');
        t.ok(Number(await jsonpath('deploy/web', '.metadata.generation')) > gen0, 'generation bumped by a spec change');
        out = expectOk(t, await kn(['patch', 'deploy', 'web', '--type', 'merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}']), 'merge patch');
        t.match(out, /deployment\.apps\/web patched/);
        t.equal(await jsonpath('deploy/web', '.metadata.labels.merged'), 'yes');
        t.equal(await jsonpath('deploy/web', '.metadata.labels.app'), 'web', 'merge keeps other labels');
        out = expectOk(t, await kn(['patch', 'deploy', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"httpd","image":"mk8s.local/busybox:v2"}]}}}}']), 'strategic patch');
        t.match(out, /deployment\.apps\/web patched/);
        const obj = JSON.parse(expectOk(t, await kn(['get', 'deploy', 'web', '-o', 'json']), 'get after strategic'));
        const containers = obj.spec.template.spec.containers;
        t.equal(containers.length, 1, 'merged by name: still one container');
        t.equal(containers[0].image, 'mk8s.local/busybox:v2');
        t.same(containers[0].command, ['httpd', '-f', '-p', '8080', '-h', '/etc'], 'command kept');
        t.equal(containers[0].ports?.[0]?.containerPort, 8080, 'ports kept');
        out = expectOk(t, await kn(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":5}}']), 'no-op patch');
        t.match(out, /deployment\.apps\/web patched \(no change\)/, 'no-op patch says no change');
      });

      t.test('replace with a stale resourceVersion is a Conflict', async (t) => {
        const stale = expectOk(t, await kn(['get', 'deploy', 'web', '-o', 'json']), 'get');
        expectOk(t, await kn(['label', 'deploy', 'web', 'bump=1']), 'label bumps the resourceVersion');
        const staleFile = join(dir, `stale-${v}.json`);
        const obj = JSON.parse(stale);
        obj.spec.replicas = 7;
        writeFileSync(staleFile, JSON.stringify(obj));
        const r = await kn(['replace', '-f', staleFile]);
        expectFail(t, r, /Operation cannot be fulfilled on deployments\.apps "web": the object has been modified; please apply your changes to the latest version and try again/, 'replace stale');
        t.match(r.stderr, /Error from server \(Conflict\)/);
        t.equal(await jsonpath('deploy/web', '.spec.replicas'), '5', 'unchanged');
        delete obj.metadata.resourceVersion;
        writeFileSync(staleFile, JSON.stringify(obj));
        t.match(expectOk(t, await kn(['replace', '-f', staleFile]), 'replace without resourceVersion'), /deployment\.apps\/web replaced/);
        t.equal(await jsonpath('deploy/web', '.spec.replicas'), '7');
      });

      t.test('delete -f and delete --wait', async (t) => {
        let out = expectOk(t, await kn(['delete', '-f', file]), 'delete -f');
        t.match(out, /deployment\.apps "web" deleted/);
        t.match(out, /service "web" deleted/);
        expectFail(t, await kn(['get', 'deploy', 'web']), /Error from server \(NotFound\): deployments\.apps "web" not found/, 'get after delete');
        expectFail(t, await kn(['get', 'svc', 'web']), /services "web" not found/, 'get svc after delete');
        expectOk(t, await kn(['apply', '-f', file]), 're-apply');
        out = expectOk(t, await kn(['delete', 'deploy', 'web', '--wait=true', '--timeout=20s']), 'delete --wait');
        t.match(out, /deployment\.apps "web" deleted/);
        expectFail(t, await kn(['delete', 'deploy', 'web']), /deployments\.apps "web" not found/, 'second delete');
        expectOk(t, await kn(['delete', 'svc', 'web']), 'delete svc');
      });

      t.test('cascade: background, foreground, orphan', async (t) => {
        for (const cascade of ['background', 'foreground', 'orphan'] as const) {
          await cascadeCase(t, server, v, ns, cascade, dir);
        }
      });
    });
  }
});

async function cascadeCase(t: Test, server: Mk8sServer, v: string, ns: string, cascade: string, dir: string): Promise<void> {
  const kn = (args: string[]) => server.kubectl(v, ['-n', ns, ...args]);
  const name = `owner-${cascade}`;
  expectOk(t, await kn(['create', 'deployment', name, '--image=mk8s.local/busybox:latest']), `${cascade}: create deployment`);
  const uid = expectOk(t, await kn(['get', 'deploy', name, '-o', 'jsonpath={.metadata.uid}']), `${cascade}: uid`);
  t.match(uid, /^[0-9a-f-]{36}$/, `${cascade}: deployment has a uid`);
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-rs`,
      labels: { app: `${name}-rs` },
      // Not the controller reference: the deployment controller would release a controlled
      // ReplicaSet whose labels do not match its selector, as upstream's does.
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: false, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: `${name}-rs` } },
      template: { metadata: { labels: { app: `${name}-rs` } }, spec: { containers: [{ name: 'c', image: 'mk8s.local/busybox:latest' }] } },
    },
  };
  const rsFile = join(dir, `rs-${v}-${cascade}.json`);
  writeFileSync(rsFile, JSON.stringify(rs));
  t.match(expectOk(t, await kn(['create', '-f', rsFile]), `${cascade}: create owned ReplicaSet`), /replicaset\.apps\/owner-\w+-rs created/);
  const out = expectOk(t, await kn(['delete', 'deploy', name, `--cascade=${cascade}`, '--timeout=20s']), `${cascade}: delete deploy`);
  t.match(out, new RegExp(`deployment\\.apps "${name}" deleted`));
  expectFail(t, await kn(['get', 'deploy', name]), /not found/, `${cascade}: deployment is gone once delete returns`);
  if (cascade === 'orphan') {
    const left = await waitFor(async () => {
      const r = await kn(['get', 'rs', `${name}-rs`, '-o', 'json']);
      if (r.code !== 0) throw new Error(r.stderr);
      const o = JSON.parse(r.stdout);
      return (o.metadata.ownerReferences ?? []).length === 0 ? o : undefined;
    }, `${cascade}: ReplicaSet kept with its ownerReference removed`, 10_000);
    t.equal(left.metadata.name, `${name}-rs`, 'orphan: the ReplicaSet remains');
    expectOk(t, await kn(['delete', 'rs', `${name}-rs`]), 'orphan: clean up the ReplicaSet');
  } else if (cascade === 'foreground') {
    // Foreground: the owner is only removed after its blocking dependents are gone.
    const r = await kn(['get', 'rs', `${name}-rs`]);
    expectFail(t, r, /replicasets\.apps "owner-foreground-rs" not found/, 'foreground: the ReplicaSet is gone before the deployment');
  } else {
    await waitFor(async () => {
      const r = await kn(['get', 'rs', `${name}-rs`]);
      return r.code !== 0 && /not found/.test(r.stderr);
    }, `${cascade}: the garbage collector deletes the ReplicaSet`, 10_000);
    t.pass('background: the ReplicaSet is garbage-collected');
  }
}
