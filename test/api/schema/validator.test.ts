import t from 'tap';
import { createValidator } from '../../../src/api/schema/validator.js';
import { REGISTRY } from './fixture-registry.js';

function deployment(extra: Record<string, unknown> = {}, container: Record<string, unknown> = { name: 'web', image: 'nginx' }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      ...extra,
    },
  };
}

t.test('a valid object has no findings', async (t) => {
  const v = createValidator(REGISTRY);
  t.same(v.validate('apps.v1.Deployment', deployment(), { strict: true }), { unknownFields: [], causes: [] });
});

t.test('unknown fields are dotted paths with list indexes', async (t) => {
  const v = createValidator(REGISTRY);
  const obj = deployment({ foo: 1 }, { name: 'web', image: 'nginx', bar: true, ports: [{ containerPort: 80, baz: 1 }] });
  const result = v.validate('apps.v1.Deployment', obj, { strict: true });
  t.same(result.unknownFields.sort(), ['spec.foo', 'spec.template.spec.containers[0].bar', 'spec.template.spec.containers[0].ports[0].baz']);
  t.same(result.causes, []);
  t.same(v.validate('apps.v1.Deployment', obj, { strict: false }), { unknownFields: [], causes: [] });
});

t.test('null is accepted for optional fields and absent for required ones', async (t) => {
  const v = createValidator(REGISTRY);
  const obj = deployment({ replicas: null, maxUnavailable: null }, { name: 'web', image: null, args: null });
  t.same(v.validate('apps.v1.Deployment', obj, { strict: true }).causes, []);
  const missing = deployment({ selector: null }, { image: 'x' });
  t.same(v.validate('apps.v1.Deployment', missing, { strict: true }).causes, [
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].name' },
  ]);
});

t.test('type, enum and pattern violations', async (t) => {
  const v = createValidator(REGISTRY);
  const obj = deployment(
    { replicas: 'two', maxUnavailable: 1.5, data: 'not base64!' },
    { name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'tcp' }], resources: { limits: { cpu: 'lots' } } },
  );
  (obj.spec.template.spec as Record<string, unknown>).restartPolicy = 'Sometimes';
  const { causes } = v.validate('apps.v1.Deployment', obj, { strict: true });
  const byField = Object.fromEntries(causes.map((c) => [c.field, c]));
  t.same(byField['spec.replicas'], { type: 'FieldValueInvalid', message: 'Invalid value: "two": must be of type integer', field: 'spec.replicas' });
  t.same(byField['spec.maxUnavailable'], { type: 'FieldValueInvalid', message: 'Invalid value: 1.5: must be of type integer or string', field: 'spec.maxUnavailable' });
  t.same(byField['spec.data'], { type: 'FieldValueInvalid', message: 'Invalid value: "not base64!": illegal base64 data', field: 'spec.data' });
  t.same(byField['spec.template.spec.restartPolicy'], {
    type: 'FieldValueNotSupported',
    message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    field: 'spec.template.spec.restartPolicy',
  });
  t.same(byField['spec.template.spec.containers[0].ports[0].protocol'].message, 'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"');
  t.same(byField['spec.template.spec.containers[0].resources.limits.cpu'].message, "Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  t.equal(causes.length, 6);
});

t.test('an empty string passes an optional enum (defaulting replaces it)', async (t) => {
  const v = createValidator(REGISTRY);
  const obj = deployment({}, { name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: '' }] });
  t.same(v.validate('apps.v1.Deployment', obj, { strict: true }).causes, []);
});

t.test('a root that is not an object, and an unknown type', async (t) => {
  const v = createValidator(REGISTRY);
  t.same(v.validate('apps.v1.Deployment', 'x', { strict: true }).causes, [
    { type: 'FieldValueInvalid', message: 'Invalid value: "x": must be of type object', field: '' },
  ]);
  t.throws(() => v.validate('nope.v1.Nope', {}, { strict: true }), /type "nope.v1.Nope" is not in the type registry/);
});
