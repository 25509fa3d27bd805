import t, { type Test } from 'tap';
import { startMk8sServer } from './helpers/server.js';
import { KUBECTL_VERSIONS } from './helpers/paths.js';
import { expectOk } from './helpers/expect.js';

t.setTimeout(180_000);

// kubectl 1.32+ sends these as protobuf bodies; older ones as JSON. The stored objects must not
// depend on the encoding: no Go zero values ("" / 0 / false) leaking in from protobuf.
function zeroValuePaths(value: unknown, path = ''): string[] {
  if (value === '' || value === 0 || value === false) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => zeroValuePaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => zeroValuePaths(v, `${path}.${k}`));
  return [];
}

// Fields where false / 0 / "" is a legitimate defaulted value upstream returns too.
const ALLOWED_ZERO = new Set([
  '.spec.suspend', // cronjob, job: defaulted false
  '.spec.jobTemplate.spec.suspend',
  '.metadata.generation',
  '.spec.backoffLimit',
  '.spec.jobTemplate.spec.backoffLimit',
  '.spec.minReadySeconds',
  '.status.active',
  '.status.ready',
  '.status.terminating',
  '.status.succeeded',
  '.status.failed',
  '.spec.template.spec.terminationGracePeriodSeconds',
  '.spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds',
  '.status.uncountedTerminatedPods',
]);

t.test('kubectl create with every kubectl version', async (t) => {
  const server = await startMk8sServer(t);
  for (const v of KUBECTL_VERSIONS) {
    t.test(`kubectl ${v}`, async (t) => {
      const tag = v.replace('.', '-');
      const ns = `create-${tag}`;
      const k = (args: string[]) => server.kubectl(v, args);
      const getJson = async (what: string, namespace = ns) => JSON.parse(expectOk(t, await k(['-n', namespace, 'get', what, '-o', 'json']), `get ${what} -o json`) || '{}');
      const noZeroValues = (t: Test, obj: unknown) => {
        const zeros = zeroValuePaths(obj).filter((p) => !ALLOWED_ZERO.has(p));
        t.same(zeros, [], `no empty-string / 0 / false fields the client did not set (protobuf zero values); found: ${zeros.join(', ')}`);
      };

      t.test('create namespace', async (t) => {
        t.match(expectOk(t, await k(['create', 'namespace', ns]), 'create namespace'), new RegExp(`^namespace/${ns} created$`, 'm'));
        const obj = await getJson(`namespace/${ns}`, 'default');
        t.equal(obj.kind, 'Namespace');
        t.equal(obj.apiVersion, 'v1');
        t.equal(obj.metadata.name, ns);
        t.equal(obj.status?.phase, 'Active');
        t.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
        t.equal(obj.metadata.labels?.['kubernetes.io/metadata.name'], ns, 'namespace name label');
        t.notOk('generateName' in obj.metadata, 'no empty generateName');
      });

      t.test('create configmap --from-literal', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two words']), 'create configmap'), /^configmap\/cfg created$/m);
        const obj = await getJson('configmap/cfg');
        t.equal(obj.kind, 'ConfigMap');
        t.same(obj.data, { a: '1', b: 'two words' });
        t.equal(obj.metadata.namespace, ns);
        noZeroValues(t, obj);
      });

      t.test('create secret generic', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'secret', 'generic', 'sec', '--from-literal=user=admin', '--from-literal=pw=s3cr3t']), 'create secret'), /^secret\/sec created$/m);
        const obj = await getJson('secret/sec');
        t.equal(obj.kind, 'Secret');
        t.equal(obj.type, 'Opaque');
        t.same(obj.data, { user: Buffer.from('admin').toString('base64'), pw: Buffer.from('s3cr3t').toString('base64') });
        noZeroValues(t, obj);
      });

      t.test('create deployment --image', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'deployment', 'dep', '--image=mk8s.local/busybox:latest', '--replicas=2']), 'create deployment'), /^deployment\.apps\/dep created$/m);
        const obj = await getJson('deployment/dep');
        t.equal(obj.kind, 'Deployment');
        t.equal(obj.apiVersion, 'apps/v1');
        t.equal(obj.spec.replicas, 2);
        t.same(obj.spec.selector, { matchLabels: { app: 'dep' } });
        t.same(obj.spec.template.metadata.labels, { app: 'dep' });
        t.equal(obj.spec.template.spec.containers[0].image, 'mk8s.local/busybox:latest');
        t.equal(obj.spec.template.spec.containers[0].name, 'busybox');
        t.equal(obj.spec.strategy?.type, 'RollingUpdate', 'defaulted strategy');
        t.equal(obj.spec.template.spec.restartPolicy, 'Always', 'defaulted restartPolicy');
        t.equal(obj.metadata.generation, 1);
        noZeroValues(t, obj);
      });

      t.test('create job --image', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'job', 'jb', '--image=mk8s.local/busybox:latest', '--', 'echo', 'hi']), 'create job'), /^job\.batch\/jb created$/m);
        const obj = await getJson('job/jb');
        t.equal(obj.kind, 'Job');
        t.equal(obj.apiVersion, 'batch/v1');
        t.same(obj.spec.template.spec.containers[0].command, ['echo', 'hi']);
        t.equal(obj.spec.template.spec.restartPolicy, 'Never');
        t.equal(obj.spec.backoffLimit, 6, 'defaulted backoffLimit');
        t.ok(obj.spec.selector?.matchLabels?.['batch.kubernetes.io/controller-uid'] ?? obj.spec.selector?.matchLabels?.['controller-uid'], 'generated selector');
        noZeroValues(t, obj);
      });

      t.test('create cronjob --schedule', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'cronjob', 'cj', '--image=mk8s.local/busybox:latest', '--schedule=*/5 * * * *']), 'create cronjob'), /^cronjob\.batch\/cj created$/m);
        const obj = await getJson('cronjob/cj');
        t.equal(obj.kind, 'CronJob');
        t.equal(obj.spec.schedule, '*/5 * * * *');
        t.equal(obj.spec.concurrencyPolicy, 'Allow', 'defaulted concurrencyPolicy');
        t.equal(obj.spec.jobTemplate.spec.template.spec.containers[0].image, 'mk8s.local/busybox:latest');
        noZeroValues(t, obj);
      });

      t.test('create service clusterip', async (t) => {
        t.match(expectOk(t, await k(['-n', ns, 'create', 'service', 'clusterip', 'svc', '--tcp=80:8080']), 'create service'), /^service\/svc created$/m);
        const obj = await getJson('service/svc');
        t.equal(obj.kind, 'Service');
        t.equal(obj.spec.type, 'ClusterIP');
        t.same(obj.spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.protocol]), [['80-8080', 80, 8080, 'TCP']]);
        t.same(obj.spec.selector, { app: 'svc' });
        t.match(obj.spec.clusterIP, /^10\.43\.\d+\.\d+$/, 'a cluster IP from the service CIDR (10.43.0.0/16) is allocated');
        t.same(obj.spec.clusterIPs, [obj.spec.clusterIP], 'clusterIPs holds the allocated IP');
        noZeroValues(t, obj);
      });

      t.test('create token default', async (t) => {
        const r = await k(['-n', ns, 'create', 'token', 'default']);
        const out = expectOk(t, r, 'create token default');
        const token = out.trim();
        t.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a JWT');
        if (r.code === 0 && token) {
          const res = await server.request('GET', `/api/v1/namespaces/${ns}/configmaps`, { token });
          t.equal(res.status, 200, 'the token authenticates against the API');
        }
      });

      t.test('created objects are listed', async (t) => {
        const out = expectOk(t, await k(['-n', ns, 'get', 'cm,secret,deploy,job,cronjob,svc', '-o', 'name']), 'get -o name');
        for (const name of ['configmap/cfg', 'secret/sec', 'deployment.apps/dep', 'job.batch/jb', 'cronjob.batch/cj', 'service/svc']) t.match(out, new RegExp(`^${name.replace('.', '\\.')}$`, 'm'), name);
      });
    });
  }
});
