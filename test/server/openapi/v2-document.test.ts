import t from 'tap';
import type { ResourceInfo } from '../../../src/api/kinds.js';
import type { TypeRegistry } from '../../../src/api/types/format.js';
import { buildOpenApiV2Document, createOpenApiV2Cache, encodeOpenApiV2Protobuf } from '../../../src/server/openapi/index.js';
import { extensions, fields, named, one, string, strings, varint, type Fields } from './fixtures/gnostic-decode.js';

const REGISTRY: TypeRegistry = {
  'meta.v1.ObjectMeta': { name: ['string', 1], creationTimestamp: ['time', 8], labels: [{ map: 'string' }, 11] },
  'meta.v1.ListMeta': { resourceVersion: ['string', 2] },
  'apps.v1.Deployment': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1, { description: 'Standard metadata.' }], spec: [{ ref: 'apps.v1.DeploymentSpec' }, 2] },
  'apps.v1.DeploymentList': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ListMeta' }, 1], items: [{ list: { ref: 'apps.v1.Deployment' } }, 2, { required: true }] },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1, { description: 'Pods wanted.' }],
    containers: [{ list: { ref: 'core.v1.Container' } }, 2, { mergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'] }],
    maxSurge: ['intOrString', 3],
    extra: ['any', 4],
  },
  'core.v1.Container': { name: ['string', 1, { required: true }], cpu: ['quantity', 2], policy: ['string', 3, { enum: ['A', 'B'] }] },
  'core.v1.Namespace': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1] },
};

const RESOURCES: ResourceInfo[] = [
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, type: 'core.v1.Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, subresources: ['status'], type: 'apps.v1.Deployment' },
];

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ITEM = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';

t.test('Swagger 2.0 document: paths of every resource, namespaced and not', async (t) => {
  const doc = buildOpenApiV2Document(REGISTRY, RESOURCES) as unknown as Any;
  t.equal(doc.swagger, '2.0');
  t.same(doc.info, { title: 'Kubernetes', version: 'v1.32.0' });
  t.same(Object.keys(doc.paths), [
    '/api/v1/namespaces',
    '/api/v1/namespaces/{name}',
    '/apis/apps/v1/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
  ]);
  const item = doc.paths[ITEM];
  t.same(['get', 'put', 'delete', 'patch'].map((v) => item[v]['x-kubernetes-action']), ['get', 'put', 'delete', 'patch']);
  t.same(item.parameters, [
    { name: 'name', in: 'path', description: 'name of the Deployment', required: true, type: 'string', uniqueItems: true },
    { name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, type: 'string', uniqueItems: true },
    { name: 'pretty', in: 'query', description: "If 'true', then the output is pretty printed.", type: 'string', uniqueItems: true },
  ]);
  const patch = item.patch;
  t.same(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
  t.same(patch.consumes, ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
  t.same(patch.parameters.map((p: Any) => `${p.in}:${p.name}`), ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
  t.same(patch.parameters[0].schema, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' });
  t.same(patch.parameters[3], { name: 'fieldValidation', in: 'query', description: patch.parameters[3].description, type: 'string', uniqueItems: true });
  t.same(patch.responses['200'], { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } });
  t.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
  t.same(item.put.parameters.map((p: Any) => p.name), ['body', 'dryRun', 'fieldManager', 'fieldValidation']);
  t.same(item.put.consumes, ['*/*']);
  t.equal(item.get.parameters, undefined, 'a read takes only the path parameters');
  const coll = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
  t.same(coll.post.parameters.map((p: Any) => p.name), ['body', 'dryRun', 'fieldManager', 'fieldValidation']);
  t.equal(coll.delete['x-kubernetes-action'], 'deletecollection');
  t.ok(coll.get.produces.includes('application/json;stream=watch'));
  t.same(coll.get.responses['200'].schema, { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentList' });
  t.same(Object.keys(doc.paths['/api/v1/namespaces']).sort(), ['get', 'parameters', 'post'], 'no deletecollection verb, no delete');
  t.same(doc.paths['/api/v1/namespaces/{name}'].patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Namespace', version: 'v1' });
  t.same(doc.security, [{ BearerToken: [] }]);
});

t.test('definitions: $ref into #/definitions, extensions kept, v3-only forms gone', async (t) => {
  const defs = (buildOpenApiV2Document(REGISTRY, RESOURCES) as unknown as Any).definitions;
  t.same(defs['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  t.same(defs['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }]);
  t.same(defs['io.k8s.api.apps.v1.Deployment'].properties.metadata, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: 'Standard metadata.' });
  const spec = defs['io.k8s.api.apps.v1.DeploymentSpec'].properties;
  t.same(spec.containers, {
    type: 'array',
    items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
    'x-kubernetes-patch-merge-key': 'name',
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
  });
  t.same(spec.extra, { 'x-kubernetes-preserve-unknown-fields': true }, 'an arbitrary value has no type');
  t.same(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
  t.notOk('oneOf' in defs['io.k8s.apimachinery.pkg.api.resource.Quantity']);
  t.same(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { description: 'An integer or a string.', type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true });
  t.same(defs['io.k8s.api.core.v1.Container'].required, ['name']);
  t.same(defs['io.k8s.api.core.v1.Container'].properties.policy, { type: 'string', enum: ['A', 'B'] });
  t.notMatch(JSON.stringify(defs), /components|allOf|oneOf/);
});

function decodeDocument(bytes: Uint8Array): Fields {
  return fields(bytes);
}

t.test('protobuf: gnostic Document field numbers', async (t) => {
  const doc = decodeDocument(encodeOpenApiV2Protobuf(buildOpenApiV2Document(REGISTRY, RESOURCES)));
  t.equal(string(doc, 1), '2.0', 'Document.swagger = 1');
  const info = one(doc, 2);
  t.equal(string(info, 1), 'Kubernetes', 'Info.title = 1');
  t.equal(string(info, 2), 'v1.32.0', 'Info.version = 2');

  const definitions = named(one(doc, 9), 1); // Definitions.additional_properties: NamedSchema
  const deployment = definitions.get('io.k8s.api.apps.v1.Deployment');
  t.ok(deployment, 'Deployment definition');
  t.same(extensions(deployment, 31)['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }], 'Schema.vendor_extension = 31');
  t.same(strings(one(deployment as Fields, 22), 1), ['object'], 'Schema.type = 22 (TypeItem.value)');
  const props = named(one(deployment as Fields, 25), 1); // Schema.properties → Properties.additional_properties
  t.same([...props.keys()], ['apiVersion', 'kind', 'metadata', 'spec']);
  t.equal(string(props.get('metadata'), 1), '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'Schema._ref = 1');
  t.equal(string(props.get('metadata'), 4), 'Standard metadata.', 'Schema.description = 4');

  const spec = named(one(definitions.get('io.k8s.api.apps.v1.DeploymentSpec') as Fields, 25), 1);
  const containers = spec.get('containers') as Fields;
  t.same(strings(one(containers, 22), 1), ['array']);
  const items = one(containers, 23); // ItemsItem.schema = 1 (repeated)
  t.equal(string(one(items as Fields, 1), 1), '#/definitions/io.k8s.api.core.v1.Container');
  t.same(extensions(containers, 31), { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
  t.equal(string(spec.get('replicas'), 2), 'int32', 'Schema.format = 2');
  const labels = named(one(definitions.get('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta') as Fields, 25), 1).get('labels') as Fields;
  const additional = one(labels, 21); // AdditionalPropertiesItem.schema = 1
  t.same(strings(one(one(additional as Fields, 1) as Fields, 22), 1), ['string']);
  const container = definitions.get('io.k8s.api.core.v1.Container') as Fields;
  t.same(strings(container, 19), ['name'], 'Schema.required = 19');
  const policy = named(one(container, 25), 1).get('policy') as Fields;
  t.same([...(policy.get(20) ?? [])].map((b) => string(fields(b as Uint8Array), 2)), ['"A"', '"B"'], 'Schema.enum = 20 (Any.yaml)');

  const paths = named(one(doc, 8), 2); // Paths.path = 2: NamedPathItem
  const item = paths.get(ITEM) as Fields;
  t.ok(item, 'item path');
  const patch = one(item, 8) as Fields; // PathItem.patch = 8
  t.same(extensions(patch, 13)['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' }, 'Operation.vendor_extension = 13');
  t.equal(extensions(patch, 13)['x-kubernetes-action'], 'patch');
  t.equal(string(patch, 5), 'patchAppsV1NamespacedDeployment', 'Operation.operation_id = 5');
  t.same(strings(patch, 7), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'], 'Operation.consumes = 7');
  const params = (patch.get(8) ?? []).map((b) => one(fields(b as Uint8Array), 1) as Fields); // ParametersItem.parameter = 1
  const body = one(params[0], 1) as Fields; // Parameter.body_parameter = 1
  t.equal(string(body, 2), 'body');
  t.equal(string(body, 3), 'body');
  t.equal(varint(body, 4), 1n, 'BodyParameter.required = 4');
  t.equal(string(one(body, 5), 1), '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch');
  const queries = params.slice(1).map((p) => one(one(p, 2) as Fields, 3) as Fields); // NonBodyParameter.query_parameter_sub_schema = 3
  t.same(queries.map((q) => string(q, 4)), ['dryRun', 'fieldManager', 'fieldValidation', 'force'], 'QueryParameterSubSchema.name = 4');
  t.same(queries.map((q) => string(q, 2)), ['query', 'query', 'query', 'query']);
  t.same(queries.map((q) => string(q, 6)), ['string', 'string', 'string', 'boolean'], 'QueryParameterSubSchema.type = 6');
  t.equal(varint(queries[2], 20), 1n, 'unique_items = 20');
  const pathParams = (item.get(9) ?? []).map((b) => one(one(fields(b as Uint8Array), 1) as Fields, 2) as Fields);
  const name = one(pathParams[0], 4) as Fields; // PathParameterSubSchema = 4
  t.same([varint(name, 1), string(name, 2), string(name, 4), string(name, 5)], [1n, 'path', 'name', 'string']);
  const responses = named(one(patch, 9), 1); // Responses.response_code = 1
  t.same([...responses.keys()], ['200', '201', '202', '401']);
  const ok = one(responses.get('200') as Fields, 1) as Fields; // ResponseValue.response = 1
  t.equal(string(ok, 1), 'OK');
  t.equal(string(one(one(ok, 2) as Fields, 1), 1), '#/definitions/io.k8s.api.apps.v1.Deployment', 'Response.schema = 2 → SchemaItem.schema = 1');

  const security = named(one(doc, 13), 1).get('BearerToken'); // SecurityDefinitions
  const apiKey = one(security as Fields, 2) as Fields; // SecurityDefinitionsItem.api_key_security = 2
  t.same([string(apiKey, 1), string(apiKey, 2), string(apiKey, 3)], ['apiKey', 'authorization', 'header']);
  const requirement = named(one(doc, 12), 1); // SecurityRequirement.additional_properties
  t.ok(requirement.has('BearerToken'));
});

t.test('cache: built once, JSON and protobuf of one document, quoted ETag', async (t) => {
  const cache = createOpenApiV2Cache(REGISTRY, RESOURCES);
  const bytes = cache.protobuf();
  t.ok(Buffer.isBuffer(bytes));
  t.equal(cache.protobuf(), bytes, 'same buffer');
  t.equal(cache.json(), cache.json());
  t.same(JSON.parse(cache.json()), buildOpenApiV2Document(REGISTRY, RESOURCES));
  t.same(Buffer.from(encodeOpenApiV2Protobuf(JSON.parse(cache.json()))), bytes);
  t.match(cache.etag, /^"[0-9A-F]{128}"$/);
  t.equal(createOpenApiV2Cache(REGISTRY, RESOURCES).etag, cache.etag, 'deterministic');
  const changed = { ...REGISTRY, 'core.v1.Container': { name: ['string', 1] } } as TypeRegistry;
  t.not(createOpenApiV2Cache(changed, RESOURCES).etag, cache.etag);
});
