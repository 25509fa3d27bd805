import t from 'tap';
import { applyConflictError } from '../../../src/server/patch/apply-conflict-error.js';
import { applyServerSideApply } from '../../../src/server/patch/server-side-apply.js';
import { updateManagedFields } from '../../../src/server/patch/update-managed-fields.js';
import { DEPLOY, registry } from './fixtures.js';

type Obj = Record<string, any>;
const NOW = '2024-01-01T00:00:00Z';
const LATER = '2024-01-02T00:00:00Z';
const opts = (manager: string, extra: Obj = {}) => ({ manager, registry, typeName: DEPLOY, apiVersion: 'apps/v1', now: NOW, ...extra });

const config = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
});

t.test('create', async (t) => {
  const { object, conflicts } = applyServerSideApply(undefined, config(), opts('kubectl'));
  t.strictSame(conflicts, []);
  t.strictSame(object.metadata, {
    name: 'web',
    labels: { app: 'web' },
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
                },
              },
            },
          },
        },
      },
    ],
  });
  t.strictSame((object as Obj).spec, config().spec);
});

t.test('re-apply merges with live and removes fields no longer applied', async (t) => {
  const created = applyServerSideApply(undefined, config(), opts('kubectl')).object as Obj;
  const live = { ...created, metadata: { ...created.metadata, uid: 'u1', resourceVersion: '5' }, status: { replicas: 2 } };
  live.spec.template.spec.containers[0].imagePullPolicy = 'Always';
  const next = config();
  delete next.metadata.labels;
  next.spec.template.spec.containers[0].ports = undefined;
  delete next.spec.template.spec.containers[0].ports;
  next.spec.template.spec.containers.push({ name: 'side', image: 'busybox' });
  next.status = { replicas: 99 };
  const { object, conflicts } = applyServerSideApply(live, next, opts('kubectl', { now: LATER }));
  t.strictSame(conflicts, []);
  const o = object as Obj;
  t.notOk('labels' in o.metadata, 'owned label removed, with the map it emptied');
  t.equal(o.metadata.uid, 'u1');
  t.equal(o.metadata.resourceVersion, '5');
  t.strictSame(o.status, { replicas: 2 }, 'status ignored on the main resource');
  t.strictSame(o.spec.template.spec.containers, [
    { name: 'app', image: 'nginx', imagePullPolicy: 'Always' },
    { name: 'side', image: 'busybox' },
  ]);
  t.equal(o.metadata.managedFields.length, 1);
  t.equal(o.metadata.managedFields[0].time, LATER);
  t.strictSame(o.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers'], {
    'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} },
    'k:{"name":"side"}': { '.': {}, 'f:image': {}, 'f:name': {} },
  });
  t.notOk('f:metadata' in o.metadata.managedFields[0].fieldsV1);
});

t.test('removing a container the applier owned drops the whole item', async (t) => {
  const two = config();
  two.spec.template.spec.containers.push({ name: 'side', image: 'busybox' });
  const live = applyServerSideApply(undefined, two, opts('kubectl')).object as Obj;
  live.spec.template.spec.containers[1].terminationMessagePath = '/dev/termination-log';
  const { object } = applyServerSideApply(live, config(), opts('kubectl'));
  t.strictSame((object as Obj).spec.template.spec.containers.map((c: Obj) => c.name), ['app']);
});

function clientSideCreated(): Obj {
  const obj = config();
  return updateManagedFields(undefined, obj, { ...opts('kubectl-client-side-apply') });
}

t.test('conflict with another manager', async (t) => {
  const live = clientSideCreated();
  const applied = config();
  applied.spec.replicas = 5;
  const { object, conflicts } = applyServerSideApply(live, applied, opts('kubectl'));
  t.strictSame(conflicts, [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
  t.strictSame(object, live, 'live returned unchanged');
  const err = applyConflictError(conflicts);
  t.equal(err.code, 409);
  t.equal(err.reason, 'Conflict');
  t.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  t.strictSame(err.details?.causes, conflicts);
});

t.test('same values are shared, not conflicts', async (t) => {
  const live = clientSideCreated();
  const { object, conflicts } = applyServerSideApply(live, config(), opts('kubectl'));
  t.strictSame(conflicts, []);
  const mf = (object as Obj).metadata.managedFields;
  t.strictSame(mf.map((e: Obj) => [e.manager, e.operation]), [['kubectl', 'Apply'], ['kubectl-client-side-apply', 'Update']]);
  t.ok('f:replicas' in mf[1].fieldsV1['f:spec'], 'both own spec.replicas');
  t.ok('f:replicas' in mf[0].fieldsV1['f:spec']);
});

t.test('force moves ownership', async (t) => {
  const live = clientSideCreated();
  const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } };
  const { object, conflicts } = applyServerSideApply(live, applied, opts('kubectl', { force: true }));
  t.strictSame(conflicts, []);
  const o = object as Obj;
  t.equal(o.spec.replicas, 5);
  const [mine, theirs] = o.metadata.managedFields;
  t.strictSame(mine.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  t.equal(theirs.manager, 'kubectl-client-side-apply');
  t.notOk('f:replicas' in theirs.fieldsV1['f:spec']);
  t.ok('f:template' in theirs.fieldsV1['f:spec']);
  t.strictSame(o.metadata.labels, { app: 'web' }, 'fields of others untouched');
});

t.test('a field another manager also owns survives the applier dropping it', async (t) => {
  const live = clientSideCreated();
  const shared = applyServerSideApply(live, config(), opts('kubectl')).object as Obj;
  const next = config();
  delete next.metadata.labels;
  const { object } = applyServerSideApply(shared, next, opts('kubectl'));
  t.strictSame((object as Obj).metadata.labels, { app: 'web' });
});

t.test('multiple conflicts message', async (t) => {
  const err = applyConflictError([
    { type: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' },
    { type: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.paused' },
    { type: 'FieldManagerConflict', message: 'conflict with "b" using v1', field: '.metadata.labels.x' },
  ]);
  t.equal(err.message, 'Apply failed with 3 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.paused\nconflicts with "b" using v1:\n- .metadata.labels.x');
});

t.test('bad input', async (t) => {
  t.throws(() => applyServerSideApply(undefined, [1], opts('kubectl')), { code: 400 });
});
