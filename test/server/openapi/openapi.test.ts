import t from 'tap';
import type { ResourceInfo } from '../../../src/api/kinds.js';
import type { TypeRegistry } from '../../../src/api/types/format.js';
import { buildOpenApiV3Document, buildOpenApiV3Index, createOpenApiCache, openApiName, parseGroupVersion } from '../../../src/server/openapi/index.js';

const REGISTRY: TypeRegistry = {
  'meta.v1.ObjectMeta': { name: ['string', 1], creationTimestamp: ['time', 8], labels: [{ map: 'string' }, 11] },
  'meta.v1.ListMeta': { resourceVersion: ['string', 2] },
  'core.v1.Namespace': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1] },
  'core.v1.NamespaceList': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ListMeta' }, 1], items: [{ list: { ref: 'core.v1.Namespace' } }, 2, { required: true }] },
  'apps.v1.Deployment': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1], spec: [{ ref: 'apps.v1.DeploymentSpec' }, 2] },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1, { description: 'Pods wanted.' }],
    containers: [{ list: { ref: 'core.v1.Container' } }, 2, { mergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'] }],
    maxSurge: ['intOrString', 3],
  },
  'core.v1.Container': { name: ['string', 1, { required: true }], cpu: ['quantity', 2], policy: ['string', 3, { enum: ['A', 'B'] }] },
  'autoscaling.v1.Scale': { apiVersion: ['string', 0], kind: ['string', 0], spec: [{ ref: 'autoscaling.v1.ScaleSpec' }, 2] },
  'autoscaling.v1.ScaleSpec': { replicas: ['int32', 1] },
};

const RESOURCES: ResourceInfo[] = [
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, type: 'core.v1.Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, subresources: ['status', 'scale'], type: 'apps.v1.Deployment' },
];

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

t.test('names', async (t) => {
  t.equal(openApiName('core.v1.Pod'), 'io.k8s.api.core.v1.Pod');
  t.equal(openApiName('meta.v1.ObjectMeta'), 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  t.equal(openApiName('quantity'), 'io.k8s.apimachinery.pkg.api.resource.Quantity');
  t.same(parseGroupVersion('apis/apps/v1'), ['apps', 'v1']);
  t.same(parseGroupVersion('api/v1'), ['', 'v1']);
  t.same(parseGroupVersion('apps/v1'), ['apps', 'v1']);
  t.same(parseGroupVersion('v1'), ['', 'v1']);
});

t.test('index lists every group-version with its hash', async (t) => {
  t.same(buildOpenApiV3Index(RESOURCES, (k) => `H-${k}`), {
    paths: {
      'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=H-api/v1' },
      'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=H-apis/apps/v1' },
    },
  });
});

t.test('core/v1 document: cluster-scoped paths and schemas', async (t) => {
  const doc = buildOpenApiV3Document(REGISTRY, RESOURCES, 'api/v1') as unknown as Any;
  t.equal(doc.openapi, '3.0.0');
  t.same(Object.keys(doc.paths), ['/api/v1/namespaces', '/api/v1/namespaces/{name}']);
  const coll = doc.paths['/api/v1/namespaces'];
  t.same(Object.keys(coll).sort(), ['get', 'parameters', 'post']); // no deletecollection verb
  t.equal(coll.get.operationId, 'listCoreV1Namespace');
  t.equal(coll.get['x-kubernetes-action'], 'list');
  t.equal(coll.get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/io.k8s.api.core.v1.NamespaceList');
  const item = doc.paths['/api/v1/namespaces/{name}'];
  t.same(item.patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Namespace', version: 'v1' });
  t.same(item.patch.parameters.map((p: Any) => `${p.in}:${p.name}`), ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
  t.same(item.put.parameters.map((p: Any) => p.name), ['dryRun', 'fieldManager', 'fieldValidation']);
  t.same(coll.post.parameters.map((p: Any) => p.name), ['dryRun', 'fieldManager', 'fieldValidation']);
  t.same(Object.keys(item.patch.requestBody.content), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
  const schemas = doc.components.schemas;
  t.same(schemas['io.k8s.api.core.v1.Namespace']['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Namespace', version: 'v1' }]);
  t.same(schemas['io.k8s.api.core.v1.NamespaceList']['x-kubernetes-group-version-kind'], [{ group: '', kind: 'NamespaceList', version: 'v1' }]);
  t.same(schemas['io.k8s.api.core.v1.NamespaceList'].required, ['items']);
  t.same(schemas['io.k8s.api.core.v1.Namespace'].properties.metadata, { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {} });
  t.same(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.creationTimestamp, { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] });
  t.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
  t.notOk(schemas['io.k8s.api.apps.v1.Deployment'], 'other group-versions stay out');
  t.equal(buildOpenApiV3Document(REGISTRY, RESOURCES, 'apis/batch/v1'), undefined);
});

t.test('apps/v1 document: namespaced paths, subresources, extensions', async (t) => {
  const doc = buildOpenApiV3Document(REGISTRY, RESOURCES, 'apis/apps/v1') as unknown as Any;
  t.same(Object.keys(doc.paths), [
    '/apis/apps/v1/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
  ]);
  const coll = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
  t.equal(coll.delete.operationId, 'deleteAppsV1CollectionNamespacedDeployment');
  t.equal(coll.delete['x-kubernetes-action'], 'deletecollection');
  t.equal(doc.paths['/apis/apps/v1/deployments'].get.operationId, 'listAppsV1DeploymentForAllNamespaces');
  const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  t.same(item.parameters.map((p: Any) => `${p.in}:${p.name}`), ['path:name', 'path:namespace', 'query:pretty']);
  t.same(['get', 'put', 'delete', 'patch'].map((v) => item[v]['x-kubernetes-action']), ['get', 'put', 'delete', 'patch']);
  t.equal(item.get.operationId, 'readAppsV1NamespacedDeployment');
  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  t.same(scale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  t.equal(scale.patch.operationId, 'patchAppsV1NamespacedDeploymentScale');
  const spec = doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'];
  t.same(spec.properties.replicas, { type: 'integer', format: 'int32', description: 'Pods wanted.' });
  t.same(spec.properties.containers, {
    type: 'array',
    items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
    'x-kubernetes-patch-merge-key': 'name',
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
  });
  t.same(spec.properties.maxSurge, { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }] });
  t.same(doc.components.schemas['io.k8s.api.core.v1.Container'].properties.policy, { type: 'string', enum: ['A', 'B'] });
  t.ok(doc.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']);
  t.same(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind'], undefined);
});

t.test('cache builds once and hashes change with the document', async (t) => {
  const cache = createOpenApiCache(REGISTRY, RESOURCES);
  const a = cache.document('apis/apps/v1');
  t.ok(a);
  t.equal(cache.document('apps/v1'), a, 'same object from the cache');
  t.match(a?.hash, /^[0-9A-F]{128}$/);
  t.same(JSON.parse(a?.json ?? '{}'), buildOpenApiV3Document(REGISTRY, RESOURCES, 'apis/apps/v1'));
  t.equal(cache.index().paths['apis/apps/v1'].serverRelativeURL, `/openapi/v3/apis/apps/v1?hash=${a?.hash}`);
  t.equal(cache.document('apis/nope/v1'), undefined);
  const changed = { ...REGISTRY, 'autoscaling.v1.ScaleSpec': { replicas: ['int64', 1] } } as TypeRegistry;
  const b = createOpenApiCache(changed, RESOURCES).document('apis/apps/v1');
  t.not(b?.hash, a?.hash);
  t.equal(createOpenApiCache(REGISTRY, RESOURCES).document('api/v1')?.hash, cache.document('api/v1')?.hash, 'deterministic');
});
