import t from 'tap';
import { FieldSet, fieldPathString } from '../../../src/server/patch/field-set.js';

t.test('fieldsV1 round trip', async (t) => {
  const v1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } }, 'f:finalizers': { 'v:"x"': {} } } };
  const set = FieldSet.fromFieldsV1(v1);
  t.equal(set.size, 5);
  t.ok(set.has(['f:metadata', 'f:labels']));
  t.ok(set.hasDescendant(['f:spec']));
  t.notOk(set.hasDescendant(['f:spec', 'f:finalizers', 'v:"x"']));
  t.strictSame(set.toFieldsV1(), v1);
  t.strictSame(new FieldSet().toFieldsV1(), {});
});

t.test('path strings', async (t) => {
  t.equal(fieldPathString(['f:spec', 'f:replicas']), '.spec.replicas');
  t.equal(fieldPathString(['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}']), '.spec.containers[name="a"].ports[containerPort=80,protocol="TCP"]');
  t.equal(fieldPathString(['f:metadata', 'f:finalizers', 'v:"x"']), '.metadata.finalizers[="x"]');
  t.equal(fieldPathString(['f:x', 'i:2']), '.x[2]');
});

t.test('set algebra', async (t) => {
  const a = new FieldSet([['f:a'], ['f:b']]);
  const b = new FieldSet([['f:b'], ['f:c']]);
  t.strictSame(a.union(b).paths(), [['f:a'], ['f:b'], ['f:c']]);
  t.strictSame(a.difference(b).paths(), [['f:a']]);
  t.strictSame(a.intersection(b).paths(), [['f:b']]);
  t.ok(a.equals(new FieldSet([['f:b'], ['f:a']])));
});
