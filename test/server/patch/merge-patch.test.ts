import t from 'tap';
import { applyMergePatch } from '../../../src/server/patch/merge-patch.js';

t.test('RFC 7386 cases', async (t) => {
  t.strictSame(applyMergePatch({ a: 'b' }, { a: 'c' }), { a: 'c' });
  t.strictSame(applyMergePatch({ a: 'b' }, { b: 'c' }), { a: 'b', b: 'c' });
  t.strictSame(applyMergePatch({ a: 'b' }, { a: null }), {});
  t.strictSame(applyMergePatch({ a: 'b', b: 'c' }, { a: null }), { b: 'c' });
  t.strictSame(applyMergePatch({ a: ['b'] }, { a: 'c' }), { a: 'c' });
  t.strictSame(applyMergePatch({ a: 'c' }, { a: ['b'] }), { a: ['b'] });
  t.strictSame(applyMergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } }), { a: { b: 'd' } });
  t.strictSame(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] }), { a: [1] });
  t.strictSame(applyMergePatch(['a', 'b'], ['c', 'd']), ['c', 'd']);
  t.strictSame(applyMergePatch({ a: 'b' }, ['c']), ['c']);
  t.strictSame(applyMergePatch({ a: 'foo' }, null), null);
  t.strictSame(applyMergePatch({ e: null }, { a: 1 }), { e: null, a: 1 });
  t.strictSame(applyMergePatch([1, 2], { a: 'b', c: null }), { a: 'b' });
  t.strictSame(applyMergePatch({}, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
});

t.test('scale patch and immutability', async (t) => {
  const doc = { spec: { replicas: 1, selector: { app: 'x' } } };
  t.strictSame(applyMergePatch(doc, { spec: { replicas: 3 } }), { spec: { replicas: 3, selector: { app: 'x' } } });
  t.strictSame(doc, { spec: { replicas: 1, selector: { app: 'x' } } });
});
