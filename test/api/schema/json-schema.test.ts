import t from 'tap';
import { buildJsonSchema, reachableTypes } from '../../../src/api/schema/json-schema.js';
import { REGISTRY } from './fixture-registry.js';

t.test('reachable types start with the root and follow refs, lists and maps', async (t) => {
  t.same(reachableTypes(REGISTRY, 'core.v1.PodSpec'), ['core.v1.PodSpec', 'core.v1.Container', 'core.v1.ContainerPort', 'core.v1.ResourceRequirements']);
  t.throws(() => reachableTypes({ a: { x: [{ ref: 'missing' }, 1] } }, 'a'), /type "missing" is not in the type registry/);
});

t.test('schema shape', async (t) => {
  const schema = buildJsonSchema(REGISTRY, 'apps.v1.Deployment') as { $ref: string; definitions: Record<string, Record<string, unknown>> };
  t.equal(schema.$ref, '#/definitions/apps.v1.Deployment');
  const spec = schema.definitions['apps.v1.DeploymentSpec'];
  t.equal(spec.additionalProperties, false);
  t.same(spec.required, ['selector', 'template']);
  const props = spec.properties as Record<string, Record<string, unknown>>;
  t.same(props.replicas, { type: ['integer', 'null'] });
  t.same(props.maxUnavailable, { type: ['integer', 'string', 'null'] });
  t.same(props.selector, { $ref: '#/definitions/meta.v1.LabelSelector', type: 'object' });
  t.same(props.extra, {});
  const pod = schema.definitions['core.v1.PodSpec'].properties as Record<string, Record<string, unknown>>;
  t.same(pod.restartPolicy.enum, ['Always', 'OnFailure', 'Never', '', null]);
  const meta = schema.definitions['meta.v1.ObjectMeta'].properties as Record<string, Record<string, unknown>>;
  t.same(meta.labels, { type: ['object', 'null'], additionalProperties: { type: 'string' } });
});

t.test('inlined-struct entries are left out of the JSON schema', async (t) => {
  const registry = {
    'core.v1.Volume': { name: ['string', 1], emptyDir: [{ ref: 'core.v1.EmptyDir' }, 0], '...volumeSource': [{ ref: 'core.v1.VolumeSource' }, 2] },
    'core.v1.VolumeSource': { emptyDir: [{ ref: 'core.v1.EmptyDir' }, 2] },
    'core.v1.EmptyDir': { medium: ['string', 1] },
  } as const;
  const schema = buildJsonSchema(registry, 'core.v1.Volume') as { definitions: Record<string, { properties: Record<string, unknown> }> };
  t.same(Object.keys(schema.definitions), ['core.v1.Volume', 'core.v1.EmptyDir']);
  t.same(Object.keys(schema.definitions['core.v1.Volume'].properties), ['name', 'emptyDir']);
});
