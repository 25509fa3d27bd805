import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import { TYPES } from '../../../src/api/types/index.js';
import { buildJsonSchema, createValidator } from '../../../src/api/schema/index.js';

t.test('every served kind has a schema that compiles and accepts a minimal object', async (t) => {
  const validator = createValidator(TYPES);
  for (const r of RESOURCES) {
    t.ok(buildJsonSchema(TYPES, r.type).definitions, `${r.type} schema builds`);
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    const result = validator.validate(r.type, { apiVersion, kind: r.kind, metadata: { name: 'x', labels: { a: 'b' } } }, { strict: true });
    t.same(result.unknownFields, [], `${r.kind} ${apiVersion}: no unknown fields`);
  }
});

t.test('a real Deployment: unknown fields and type errors found by path', async (t) => {
  const validator = createValidator(TYPES);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 'x',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', foo: 1, ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' } } }] },
      },
    },
  };
  const result = validator.validate('apps.v1.Deployment', deployment, { strict: true });
  t.same(result.unknownFields, ['spec.template.spec.containers[0].foo']);
  t.same(result.causes, [{ type: 'FieldValueInvalid', message: 'Invalid value: "x": must be of type integer', field: 'spec.replicas' }]);
});
