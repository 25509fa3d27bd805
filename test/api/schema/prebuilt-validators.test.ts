import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createValidator } from '../../../src/api/schema/index.js';
import { TYPES } from '../../../src/api/types/index.js';

// The validators `npm run build` generates ahead of time (dist/validators, ajv standalone code)
// must judge objects exactly as the run-time compile does. The test suite runs after the build.
const dir = fileURLToPath(new URL('../../../dist/validators', import.meta.url));

const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } }, spec, ...extra,
});
const samples: [string, unknown][] = [
  ['core.v1.Pod', pod({ containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '16Mi' } } }] })],
  ['core.v1.Pod', pod({ containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 'eighty' }] }] })],
  ['core.v1.Pod', pod({ containers: [{ image: 'busybox' }] })],
  ['core.v1.Pod', pod({ containers: [{ name: 'c', image: 'busybox', bogus: true }], alsoBogus: 1 })],
  ['core.v1.Pod', pod({ containers: [{ name: 'c', image: 'busybox', resources: { limits: { memory: 'lots' } } }] })],
  ['core.v1.ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, binaryData: { b: 'not base64!' } }],
  ['apps.v1.Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: '3', selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i', unknownThing: 1 }] } } } }],
  ['core.v1.Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, protocol: 'TCP' }], type: 'ClusterIP' } }],
  ['coordination.v1.Lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n' }, spec: { holderIdentity: 'n', renewTime: 'yesterday' } }],
];

t.test('dist/validators holds one module per served kind', async (t) => {
  t.ok(existsSync(dir), `${dir} exists (built by npm run build, which the test suite runs after)`);
  const files = existsSync(dir) ? readdirSync(dir) : [];
  for (const type of new Set(samples.map(([type]) => type))) t.ok(files.includes(`${type}.cjs`), `${type}.cjs`);
});

t.test('prebuilt and run-time validators give the same verdicts, causes and unknown fields', async (t) => {
  const prebuilt = createValidator(TYPES, { prebuilt: dir });
  const runtime = createValidator(TYPES, { prebuilt: false });
  for (const [type, obj] of samples) {
    for (const strict of [true, false]) {
      const a = prebuilt.validate(type, obj, { strict });
      const b = runtime.validate(type, obj, { strict });
      t.same(a, b, `${type} ${JSON.stringify(obj).slice(0, 80)}… strict=${strict}: ${JSON.stringify(a).slice(0, 160)}`);
    }
  }
  const bad = prebuilt.validate('core.v1.Pod', samples[1]![1], { strict: true });
  t.ok(bad.causes.length > 0, 'a wrong type is caught by the prebuilt validator');
  t.ok(prebuilt.validate('core.v1.Pod', samples[3]![1], { strict: true }).unknownFields.length === 2, 'unknown fields are reported by the prebuilt validator');
});
