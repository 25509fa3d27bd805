import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import {
  CORE_V1,
  META_V1,
  TYPES,
  isInlineField,
  jsonFields,
  lookupField,
  protoFields,
  type FieldType,
} from '../../../src/api/types/index.js';

function refsOf(type: FieldType): string[] {
  if (typeof type === 'string') return [];
  if ('ref' in type) return [type.ref];
  if ('list' in type) return refsOf(type.list);
  return refsOf(type.map);
}

function elementRef(type: FieldType): string | undefined {
  if (typeof type === 'object' && 'list' in type) return elementRef(type.list);
  if (typeof type === 'object' && 'ref' in type) return type.ref;
  return undefined;
}

t.test('every ref in TYPES names an existing table', async (t) => {
  const missing: string[] = [];
  for (const [typeName, table] of Object.entries(TYPES)) {
    for (const [fieldName, [type]] of Object.entries(table)) {
      for (const r of refsOf(type)) if (!(r in TYPES)) missing.push(`${typeName}.${fieldName} -> ${r}`);
    }
  }
  t.same(missing, []);
});

t.test('no table uses a proto number twice (0 excepted)', async (t) => {
  const dups: string[] = [];
  for (const [typeName, table] of Object.entries(TYPES)) {
    const seen = new Map<number, string>();
    for (const [fieldName, field] of Object.entries(table)) {
      const n = field[1];
      if (n === 0) continue;
      if (seen.has(n)) dups.push(`${typeName}: ${seen.get(n)} and ${fieldName} = ${n}`);
      seen.set(n, fieldName);
    }
  }
  t.same(dups, []);
});

t.test('every served kind has a table with apiVersion/kind (JSON only) and metadata = 1', async (t) => {
  for (const r of RESOURCES) {
    const table = TYPES[r.type];
    t.ok(table, `${r.type} exists`);
    if (!table) continue;
    t.same(table.apiVersion?.slice(0, 2), ['string', 0], `${r.type}.apiVersion`);
    t.same(table.kind?.slice(0, 2), ['string', 0], `${r.type}.kind`);
    t.same(table.metadata?.slice(0, 2), [{ ref: 'meta.v1.ObjectMeta' }, 1], `${r.type}.metadata`);
  }
});

t.test('well-known proto numbers', async (t) => {
  const num = (type: string, field: string) => TYPES[type]?.[field]?.[1];
  const cases: [string, string, number][] = [
    ['meta.v1.ObjectMeta', 'name', 1],
    ['meta.v1.ObjectMeta', 'namespace', 3],
    ['meta.v1.ObjectMeta', 'uid', 5],
    ['meta.v1.ObjectMeta', 'resourceVersion', 6],
    ['meta.v1.ObjectMeta', 'labels', 11],
    ['meta.v1.ObjectMeta', 'annotations', 12],
    ['meta.v1.ObjectMeta', 'ownerReferences', 13],
    ['meta.v1.ObjectMeta', 'managedFields', 17],
    ['meta.v1.OwnerReference', 'apiVersion', 5],
    ['meta.v1.ListMeta', 'continue', 3],
    ['meta.v1.DeleteOptions', 'propagationPolicy', 4],
    ['core.v1.PodSpec', 'volumes', 1],
    ['core.v1.PodSpec', 'containers', 2],
    ['core.v1.PodSpec', 'initContainers', 20],
    ['core.v1.PodSpec', 'tolerations', 22],
    ['core.v1.PodSpec', 'ephemeralContainers', 34],
    ['core.v1.Container', 'name', 1],
    ['core.v1.Container', 'image', 2],
    ['core.v1.Container', 'envFrom', 19],
    ['core.v1.Container', 'startupProbe', 22],
    ['core.v1.ContainerPort', 'containerPort', 3],
    ['core.v1.ConfigMap', 'data', 2],
    ['core.v1.ConfigMap', 'binaryData', 3],
    ['core.v1.ConfigMap', 'immutable', 4],
    ['core.v1.Secret', 'data', 2],
    ['core.v1.Secret', 'type', 3],
    ['core.v1.Secret', 'stringData', 4],
    ['core.v1.Secret', 'immutable', 5],
    ['core.v1.ServiceSpec', 'clusterIP', 3],
    ['core.v1.ServiceSpec', 'clusterIPs', 18],
    ['core.v1.ServicePort', 'targetPort', 4],
    ['core.v1.PodStatus', 'podIPs', 12],
    ['core.v1.Event', 'eventTime', 10],
    ['core.v1.VolumeSource', 'projected', 26],
    ['core.v1.Volume', '...volumeSource', 2],
    ['core.v1.Probe', '...handler', 1],
    ['policy.v1.Eviction', 'deleteOptions', 2],
    ['authentication.v1.TokenRequestSpec', 'expirationSeconds', 4],
  ];
  for (const [type, field, n] of cases) t.equal(num(type, field), n, `${type}.${field}`);
});

t.test('scalar kinds of notable fields', async (t) => {
  t.same(TYPES['core.v1.ResourceRequirements']?.limits?.[0], { map: 'quantity' });
  t.same(TYPES['core.v1.ResourceRequirements']?.requests?.[0], { map: 'quantity' });
  t.same(TYPES['core.v1.Secret']?.data?.[0], { map: 'bytes' });
  t.equal(TYPES['core.v1.HTTPGetAction']?.port?.[0], 'intOrString');
  t.equal(TYPES['meta.v1.ManagedFieldsEntry']?.fieldsV1?.[0], 'any');
  t.equal(TYPES['meta.v1.ObjectMeta']?.creationTimestamp?.[0], 'time');
  t.equal(TYPES['core.v1.Event']?.eventTime?.[0], 'microTime');
});

t.test('strategic-merge keys and list types', async (t) => {
  const opts = (type: string, field: string) => TYPES[type]?.[field]?.[2];
  t.same(opts('core.v1.PodSpec', 'containers'), {
    mergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'], required: true,
  });
  t.same(opts('core.v1.PodSpec', 'volumes'), {
    mergeKey: 'name', patchStrategy: 'merge,retainKeys', listType: 'map', listMapKeys: ['name'],
  });
  t.same(opts('core.v1.Container', 'ports'), {
    mergeKey: 'containerPort', patchStrategy: 'merge', listType: 'map', listMapKeys: ['containerPort', 'protocol'],
  });
  t.equal(opts('core.v1.Container', 'volumeMounts')?.mergeKey, 'mountPath');
  t.equal(opts('core.v1.Container', 'env')?.mergeKey, 'name');
  t.equal(opts('core.v1.EphemeralContainer', 'env')?.mergeKey, 'name');
  t.same(opts('core.v1.ServiceSpec', 'ports'), {
    mergeKey: 'port', patchStrategy: 'merge', listType: 'map', listMapKeys: ['port', 'protocol'],
  });
  t.equal(opts('meta.v1.ObjectMeta', 'ownerReferences')?.mergeKey, 'uid');
  t.same(opts('meta.v1.ObjectMeta', 'finalizers'), { patchStrategy: 'merge', listType: 'set' });
  t.same(opts('core.v1.PodSpec', 'tolerations'), { listType: 'atomic' });
  t.equal(opts('core.v1.NodeStatus', 'conditions')?.mergeKey, 'type');
});

t.test('merge keys and list-map keys name fields of the element type', async (t) => {
  const bad: string[] = [];
  for (const [typeName, table] of Object.entries({ ...META_V1, ...CORE_V1 })) {
    for (const [fieldName, [type, , o]] of Object.entries(table)) {
      if (!o) continue;
      if (o.listType === 'map' && !o.listMapKeys?.length) bad.push(`${typeName}.${fieldName}: map without keys`);
      const el = elementRef(type);
      const keys = [...(o.mergeKey ? [o.mergeKey] : []), ...(o.listMapKeys ?? [])];
      if (keys.length && !el) bad.push(`${typeName}.${fieldName}: keys on a non-object list`);
      for (const k of keys) if (el && !TYPES[el]?.[k]) bad.push(`${typeName}.${fieldName}: ${el} has no ${k}`);
    }
  }
  t.same(bad, []);
});

t.test('inlined structs: JSON view flat, proto view nested', async (t) => {
  let inlines = 0;
  for (const [typeName, table] of Object.entries(TYPES)) {
    for (const [fieldName, [type]] of Object.entries(table)) {
      if (!isInlineField(fieldName)) continue;
      inlines++;
      const inner = TYPES[elementRef(type) ?? ''];
      t.ok(inner, `${typeName}.${fieldName} refers to a table`);
      for (const [innerName, [innerType]] of Object.entries(jsonFields(inner ?? {}))) {
        t.same(table[innerName]?.slice(0, 2), [innerType, 0], `${typeName}.${innerName} is JSON-only`);
      }
    }
  }
  t.equal(inlines, 10);
  t.same(Object.keys(jsonFields(TYPES['core.v1.ConfigMapKeySelector']!)), ['name', 'key', 'optional']);
  t.same(Object.keys(protoFields(TYPES['core.v1.ConfigMapKeySelector']!)), ['...localObjectReference', 'key', 'optional']);
  t.equal(TYPES['core.v1.EphemeralContainer']?.name?.[2]?.required, true);
  t.equal(TYPES['core.v1.EphemeralContainer']?.targetContainerName?.[1], 2);
});

t.test('lookupField walks refs, lists and maps', async (t) => {
  t.same(lookupField(TYPES, 'core.v1.Pod', ['spec', 'containers', 'image']), ['string', 2]);
  t.same(lookupField(TYPES, 'core.v1.Pod', ['spec', 'containers', '0', 'ports', 'containerPort']), [
    'int32', 3, { required: true },
  ]);
  t.same(lookupField(TYPES, 'core.v1.Pod', ['metadata', 'labels', 'app']), ['string', 11]);
  t.same(lookupField(TYPES, 'core.v1.Pod', ['spec', 'volumes', 'configMap', 'name']), ['string', 0]);
  t.same(lookupField(TYPES, 'core.v1.Pod', ['spec', 'containers', 'resources', 'limits', 'cpu']), ['quantity', 1]);
  t.same(lookupField(TYPES, 'core.v1.Pod', ['spec', 'containers', 'livenessProbe', 'httpGet', 'port']), [
    'intOrString', 2, { required: true },
  ]);
  t.equal(lookupField(TYPES, 'core.v1.Pod', ['spec', 'nope']), undefined);
  t.equal(lookupField(TYPES, 'core.v1.Pod', ['spec', 'volumes', '...volumeSource']), undefined);
  t.equal(lookupField(TYPES, 'core.v1.Pod', ['metadata', 'name', 'x']), undefined);
  t.equal(lookupField(TYPES, 'core.v1.Nope', ['spec']), undefined);
  t.equal(lookupField(TYPES, 'core.v1.Pod', []), undefined);
});
