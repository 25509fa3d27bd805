import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import { TYPES } from '../../../src/api/types/index.js';
import { buildOpenApiV2Document, encodeOpenApiV2Protobuf } from '../../../src/server/openapi/index.js';
import { extensions, fields, named, one, string, type Fields } from './fixtures/gnostic-decode.js';

type Schema = Record<string, unknown>;

/**
 * The shape rules client-go's `proto.Models` parser applies to every definition (a `$ref`
 * points into #/definitions and has no type or properties; one type at most; an array has
 * exactly one item schema; a non-object type is a known primitive), so a document that
 * passes here also loads in kubectl's validator.
 */
function modelErrors(schema: Schema, path: string, names: Set<string>): string[] {
  if (typeof schema.$ref === 'string') {
    const errors: string[] = [];
    if (!schema.$ref.startsWith('#/definitions/')) errors.push(`${path}: reference to non-definition ${schema.$ref}`);
    else if (!names.has(schema.$ref.slice('#/definitions/'.length))) errors.push(`${path}: unknown model ${schema.$ref}`);
    if (schema.type !== undefined) errors.push(`${path}: a reference has a type`);
    if (schema.properties !== undefined) errors.push(`${path}: a reference has properties`);
    return errors;
  }
  if ('allOf' in schema || 'oneOf' in schema || 'anyOf' in schema) return [`${path}: allOf/oneOf/anyOf`];
  const type = schema.type;
  if (type === undefined) {
    return schema.properties ? Object.entries(schema.properties as Record<string, Schema>).flatMap(([k, s]) => modelErrors(s, `${path}.${k}`, names)) : [];
  }
  if (typeof type !== 'string') return [`${path}: type ${JSON.stringify(type)}`];
  if (type === 'object') {
    if (schema.properties) return Object.entries(schema.properties as Record<string, Schema>).flatMap(([k, s]) => modelErrors(s, `${path}.${k}`, names));
    if (typeof schema.additionalProperties !== 'object') return [`${path}: object without properties or additionalProperties`];
    return modelErrors(schema.additionalProperties as Schema, `${path}[*]`, names);
  }
  if (type === 'array') {
    if (typeof schema.items !== 'object' || Array.isArray(schema.items)) return [`${path}: array without one item schema`];
    return modelErrors(schema.items as Schema, `${path}[]`, names);
  }
  return ['string', 'integer', 'number', 'boolean'].includes(type) ? [] : [`${path}: unknown primitive ${type}`];
}

t.test('the real type tables: every definition parses as a client-go model', async (t) => {
  const doc = buildOpenApiV2Document(TYPES, RESOURCES);
  const names = new Set(Object.keys(doc.definitions));
  const errors = Object.entries(doc.definitions).flatMap(([name, schema]) => modelErrors(schema, name, names));
  t.same(errors, []);
  const refs = new Set(JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []);
  for (const ref of refs) t.ok(names.has(ref.slice('"$ref":"#/definitions/'.length, -1)), `${ref} resolves`);
});

t.test('the real resources: each kind has its GVK definition and a PATCH with fieldValidation, in protobuf too', async (t) => {
  const doc = buildOpenApiV2Document(TYPES, RESOURCES);
  const decoded = fields(encodeOpenApiV2Protobuf(doc));
  t.equal(string(decoded, 1), '2.0');
  const definitions = named(one(decoded, 9), 1);
  const paths = named(one(decoded, 8), 2);
  t.equal(definitions.size, Object.keys(doc.definitions).length, 'every definition encoded');
  t.equal(paths.size, Object.keys(doc.paths).length, 'every path encoded');
  const patchParams = new Map<string, string[]>(); // "group/version/Kind" → query parameter names of its PATCHes
  for (const item of paths.values()) {
    const patch = one(item, 8);
    if (!patch) continue;
    const gvk = extensions(patch, 13)['x-kubernetes-group-version-kind'] as Record<string, string>;
    const names = (patch.get(8) ?? []).map((b) => string(one(one(one(fields(b as Uint8Array), 1) as Fields, 2) ?? new Map(), 3), 4)).filter((n): n is string => n !== undefined);
    const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
    patchParams.set(key, [...(patchParams.get(key) ?? []), ...names]);
  }
  for (const r of RESOURCES) {
    const key = `${r.group}/${r.version}/${r.kind}`;
    t.ok(patchParams.get(key)?.includes('fieldValidation'), `${key}: PATCH takes fieldValidation`);
    const kinds = [...definitions.values()].flatMap((s) => (extensions(s, 31)['x-kubernetes-group-version-kind'] as Record<string, string>[] | undefined) ?? []);
    t.ok(kinds.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind), `${key}: a definition carries its GVK`);
  }
  const deployment = definitions.get('io.k8s.api.apps.v1.Deployment');
  t.same(extensions(deployment, 31)['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  const podSpec = named(one(definitions.get('io.k8s.api.core.v1.PodSpec') as Fields, 25), 1);
  t.match(extensions(podSpec.get('containers'), 31), { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
});
