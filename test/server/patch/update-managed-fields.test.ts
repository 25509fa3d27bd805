import t from 'tap';
import { updateManagedFields } from '../../../src/server/patch/update-managed-fields.js';
import { DEPLOY, registry } from './fixtures.js';

type Obj = Record<string, any>;
const opts = (manager: string, now = '2024-01-01T00:00:00Z') => ({ manager, registry, typeName: DEPLOY, apiVersion: 'apps/v1', now });

const obj = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', uid: 'u', resourceVersion: '1', generation: 1, creationTimestamp: '2024-01-01T00:00:00Z', labels: { app: 'web' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: '1' }] }] } } },
  status: { replicas: 1 },
});

t.test('create records an Update entry without server-set fields or status', async (t) => {
  const input = obj();
  const out = updateManagedFields(undefined, input, opts('kubectl-create'));
  t.notOk('managedFields' in input.metadata, 'input untouched');
  t.strictSame(out.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:image': {}, 'f:name': {} } } } },
        },
      },
    },
  ]);
});

t.test('an update by another manager takes the fields it changed', async (t) => {
  const created = updateManagedFields(undefined, obj(), opts('kubectl-create'));
  const edited = structuredClone(created);
  edited.spec.replicas = 3;
  edited.spec.template.spec.containers[0].env.push({ name: 'B', value: '2' });
  delete edited.metadata.labels;
  edited.status.replicas = 3;
  const out = updateManagedFields(created, edited, opts('kubectl-edit', '2024-01-03T00:00:00Z'));
  const [create, edit] = out.metadata.managedFields;
  t.equal(create.manager, 'kubectl-create');
  t.equal(create.time, '2024-01-01T00:00:00Z');
  t.strictSame(create.fieldsV1, {
    'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:image': {}, 'f:name': {} } } } } },
  });
  t.equal(edit.manager, 'kubectl-edit');
  t.equal(edit.time, '2024-01-03T00:00:00Z');
  t.strictSame(edit.fieldsV1, {
    'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:env': { 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } },
  });
});

t.test('a no-op write keeps the entry and its time; status subresource tracks only status', async (t) => {
  const created = updateManagedFields(undefined, obj(), opts('m'));
  const same = updateManagedFields(created, structuredClone(created), opts('m', '2025-01-01T00:00:00Z'));
  t.strictSame(same.metadata.managedFields, created.metadata.managedFields);
  const st = structuredClone(created);
  st.status.replicas = 2;
  st.spec.replicas = 7;
  const out = updateManagedFields(created, st, { ...opts('ctrl'), subresource: 'status' });
  const entry = out.metadata.managedFields.find((e: Obj) => e.manager === 'ctrl');
  t.strictSame(entry, { manager: 'ctrl', operation: 'Update', apiVersion: 'apps/v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:replicas': {} } }, subresource: 'status' });
});
