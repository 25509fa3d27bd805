import t from 'tap';
import { applyStrategicMergePatch } from '../../../src/server/patch/strategic-merge-patch.js';
import { DEPLOY, registry } from './fixtures.js';

const smp = (doc: unknown, patch: unknown): unknown => applyStrategicMergePatch(doc, patch, registry, DEPLOY);

const deployment = () => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'] },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['x', 'y'], ports: [{ containerPort: 80 }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
});
const containers = (doc: unknown) => (doc as ReturnType<typeof deployment>).spec.template.spec.containers;

t.test('maps merge, scalars replace, null deletes', async (t) => {
  const doc = deployment();
  const out = smp(doc, { metadata: { labels: { tier: null, env: 'prod' } }, spec: { replicas: 3 } }) as ReturnType<typeof deployment>;
  t.strictSame(out.metadata.labels, { app: 'web', env: 'prod' });
  t.equal(out.spec.replicas, 3);
  t.strictSame(doc, deployment(), 'input untouched');
  t.strictSame(smp({ a: 1 }, { a: null, b: { c: null, d: 1 } }), { b: { d: 1 } }, 'unknown fields: merge patch semantics');
});

t.test('containers merge by name; env merged by name at depth', async (t) => {
  const out = smp(deployment(), {
    spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2', env: [{ name: 'B', value: '20' }, { name: 'C', value: '3' }] }] } } },
  });
  t.strictSame(containers(out), [
    { name: 'app', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '20' }, { name: 'C', value: '3' }], args: ['x', 'y'], ports: [{ containerPort: 80 }] },
    { name: 'side', image: 'busybox' },
  ]);
});

t.test('new item appended; lists without strategy replaced; primitive merge lists are unions', async (t) => {
  const out = smp(deployment(), {
    metadata: { finalizers: ['c', 'a'] },
    spec: { template: { spec: { containers: [{ name: 'new', image: 'redis' }, { name: 'app', args: ['z'], ports: [{ containerPort: 443 }] }] } } },
  }) as ReturnType<typeof deployment>;
  t.strictSame(out.metadata.finalizers, ['c', 'a', 'b'], 'patch order first, server-only items after (upstream)');
  t.strictSame(containers(out).map((c) => c.name), ['new', 'app', 'side']);
  t.strictSame(containers(out)[1].args, ['z']);
  t.strictSame(containers(out)[1].ports, [{ containerPort: 443 }, { containerPort: 80 }], 'without $setElementOrder upstream puts new items before server-only ones');
});

t.test('$patch in list items', async (t) => {
  const del = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } });
  t.strictSame(containers(del).map((c) => c.name), ['app']);
  const rep = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'only', image: 'x', env: [{ name: 'Q', value: null }] }, { $patch: 'replace' }] } } } });
  t.strictSame(containers(rep), [{ name: 'only', image: 'x', env: [{ name: 'Q' }] }]);
  t.throws(() => smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'x', $patch: 'frob' }] } } } }), { code: 400, message: /unknown patch type "frob"/ });
  t.throws(() => smp(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }), { code: 400, message: /does not contain declared merge key "name"/ });
  t.throws(() => smp(deployment(), { spec: { template: { spec: { containers: [{ $patch: 'delete' }] } } } }), { message: /merge key/ });
});

t.test('$patch in maps', async (t) => {
  const rep = smp(deployment(), { metadata: { labels: { $patch: 'replace', only: 'me', gone: null } } }) as ReturnType<typeof deployment>;
  t.strictSame(rep.metadata.labels, { only: 'me' });
  const del = smp(deployment(), { metadata: { labels: { $patch: 'delete' } } }) as ReturnType<typeof deployment>;
  t.strictSame(del.metadata, { name: 'web', finalizers: ['a', 'b'] });
  const merge = smp(deployment(), { metadata: { labels: { $patch: 'merge', x: '1' } } }) as ReturnType<typeof deployment>;
  t.strictSame(merge.metadata.labels, { app: 'web', tier: 'fe', x: '1' });
  t.strictSame(smp({ a: 1 }, { $patch: 'replace', b: 2 }), { b: 2 });
  t.throws(() => smp(deployment(), { metadata: { $patch: 'bogus' } }), { code: 400, message: '.metadata: unknown patch type "bogus"' });
});

t.test('$setElementOrder', async (t) => {
  const ordered = smp(deployment(), {
    spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'new' }, { name: 'app' }], containers: [{ name: 'new', image: 'r' }] } } },
  });
  t.strictSame(containers(ordered).map((c) => c.name), ['side', 'new', 'app']);
  const onlyOrder = smp(deployment(), { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }] } } } });
  t.strictSame(containers(onlyOrder).map((c) => c.name), ['side', 'app']);
  const env = smp(deployment(), {
    spec: { template: { spec: { containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }] }] } } },
  });
  t.strictSame(containers(env)[0].env, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
  const prims = smp({ metadata: { finalizers: ['a', 'b', 'c'] } }, { metadata: { '$setElementOrder/finalizers': ['c', 'a', 'b'] } }) as ReturnType<typeof deployment>;
  t.strictSame(prims.metadata.finalizers, ['c', 'a', 'b']);
  t.throws(() => smp(deployment(), { metadata: { '$setElementOrder/finalizers': 'x' } }), { message: /must be a list/ });
});

t.test('$deleteFromPrimitiveList', async (t) => {
  const out = smp(deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['z'] } }) as ReturnType<typeof deployment>;
  t.strictSame(out.metadata.finalizers, ['z', 'b']);
  const kubectl = smp(deployment(), { metadata: { '$setElementOrder/finalizers': ['b', 'z'], '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['z'] } }) as ReturnType<typeof deployment>;
  t.strictSame(kubectl.metadata.finalizers, ['b', 'z'], 'as kubectl apply sends it');
  const missing = smp({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
  t.strictSame(missing, { metadata: {} });
});

t.test('$retainKeys', async (t) => {
  const doc = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
  t.strictSame(smp(doc, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }), { spec: { strategy: { type: 'Recreate' } } });
  t.throws(() => smp(doc, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 2 } } } }), { code: 400, message: /not in \$retainKeys/ });
  const vols = smp(
    { spec: { template: { spec: { volumes: [{ name: 'v', configMap: { name: 'c' } }] } } } },
    { spec: { template: { spec: { volumes: [{ name: 'v', $retainKeys: ['emptyDir', 'name'], emptyDir: {}, configMap: null }] } } } },
  );
  t.strictSame(vols, { spec: { template: { spec: { volumes: [{ name: 'v', emptyDir: {} }] } } } });
});

t.test('unknown directives and bad input', async (t) => {
  t.throws(() => smp(deployment(), { spec: { $frob: 1 } }), { code: 400, message: '.spec: unknown patch directive "$frob"' });
  t.throws(() => smp(deployment(), [1]), { code: 400, message: /must be a JSON object/ });
});

t.test('ownerReferences by uid, port keys', async (t) => {
  const doc = { metadata: { ownerReferences: [{ uid: '1', name: 'a' }, { uid: '2', name: 'b' }] } };
  t.strictSame(smp(doc, { metadata: { ownerReferences: [{ uid: '2', name: 'B' }] } }), { metadata: { ownerReferences: [{ uid: '1', name: 'a' }, { uid: '2', name: 'B' }] } });
  const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] } } } });
  t.strictSame(containers(out)[0].ports, [{ containerPort: 80, name: 'http' }]);
});

t.test('kubectl 3-way patch shape (restart annotation + removed env)', async (t) => {
  const out = smp(deployment(), {
    spec: {
      template: {
        metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } },
        spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }], containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'B' }], env: [{ name: 'A', $patch: 'delete' }] }] },
      },
    },
  }) as ReturnType<typeof deployment> & { spec: { template: { metadata: unknown } } };
  t.strictSame(out.spec.template.metadata, { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } });
  t.strictSame(containers(out)[0].env, [{ name: 'B', value: '2' }]);
  t.strictSame(containers(out).map((c) => c.name), ['app', 'side']);
});
