import t from 'tap';
import { ApiError } from '../../../src/errors.js';
import { applyJsonPatch } from '../../../src/server/patch/json-patch.js';

const doc = { a: { b: 1, 'c/d': 2, 'e~f': 3 }, list: [1, 2, 3] };

t.test('add', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'add', path: '/a/x', value: { y: 1 } }]), { a: { b: 1, 'c/d': 2, 'e~f': 3, x: { y: 1 } }, list: [1, 2, 3] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'add', path: '/list/1', value: 9 }]), { ...doc, list: [1, 9, 2, 3] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'add', path: '/list/-', value: 4 }]), { ...doc, list: [1, 2, 3, 4] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'add', path: '/list/3', value: 4 }]), { ...doc, list: [1, 2, 3, 4] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'add', path: '', value: 5 }]), 5);
  t.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/list/5', value: 4 }]), { code: 400, message: /json patch add operation at path "\/list\/5" failed/ });
  t.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/nope/x', value: 4 }]), { message: /missing path element "nope"/ });
  t.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/a/z' }]), { message: /missing "value"/ });
});

t.test('pointer escapes', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'replace', path: '/a/c~1d', value: 20 }, { op: 'remove', path: '/a/e~0f' }]), { a: { b: 1, 'c/d': 20 }, list: [1, 2, 3] });
  t.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/e~2f' }]), { message: /invalid escape/ });
  t.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: 'a' }]), { message: /must start with/ });
});

t.test('remove', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'remove', path: '/list/0' }]), { ...doc, list: [2, 3] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'remove', path: '/a' }]), { list: [1, 2, 3] });
  t.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/zz' }]), { message: 'json patch remove operation at path "/a/zz" failed: missing path element "zz"' });
  t.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/list/-' }]), { message: /out of range/ });
});

t.test('replace', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'replace', path: '/list/1', value: 'x' }]), { ...doc, list: [1, 'x', 3] });
  t.strictSame(applyJsonPatch(doc, [{ op: 'replace', path: '/a/b', value: null }]), { a: { b: null, 'c/d': 2, 'e~f': 3 }, list: [1, 2, 3] });
  t.throws(() => applyJsonPatch(doc, [{ op: 'replace', path: '/a/q', value: 1 }]), { message: /replace operation at path "\/a\/q"/ });
});

t.test('move and copy', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'move', from: '/a/b', path: '/list/0' }]), { a: { 'c/d': 2, 'e~f': 3 }, list: [1, 1, 2, 3] });
  t.strictSame(applyJsonPatch({ x: [1, 2, 3] }, [{ op: 'move', from: '/x/0', path: '/x/-' }]), { x: [2, 3, 1] });
  t.throws(() => applyJsonPatch(doc, [{ op: 'move', from: '/a', path: '/a/b' }]), { message: /own children/ });
  const copied = applyJsonPatch(doc, [{ op: 'copy', from: '/a', path: '/b' }]) as Record<string, Record<string, unknown>>;
  t.strictSame(copied.b, doc.a);
  t.not(copied.b, copied.a);
  t.throws(() => applyJsonPatch(doc, [{ op: 'copy', from: '/zz', path: '/b' }]), { message: /copy operation at path "\/zz"/ });
});

t.test('test', async (t) => {
  t.strictSame(applyJsonPatch(doc, [{ op: 'test', path: '/a', value: { 'e~f': 3, 'c/d': 2, b: 1 } }, { op: 'remove', path: '/list' }]), { a: doc.a });
  const err = t.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/a/b', value: 2 }])) as unknown as ApiError;
  t.ok(err instanceof ApiError);
  t.equal(err.reason, 'BadRequest');
  t.equal(err.message, 'json patch test operation at path "/a/b" failed: value is 1, expected 2');
});

t.test('malformed and immutability', async (t) => {
  t.throws(() => applyJsonPatch(doc, { op: 'add' }), { message: 'json patch must be an array of operations' });
  t.throws(() => applyJsonPatch(doc, [{ op: 'frob', path: '/a' }]), { message: 'json patch operation 0: unknown op "frob"' });
  const before = JSON.stringify(doc);
  applyJsonPatch(doc, [{ op: 'remove', path: '/a/b' }, { op: 'add', path: '/list/0', value: 0 }]);
  t.equal(JSON.stringify(doc), before);
});
