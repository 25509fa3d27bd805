import t from 'tap';
import { MemoryStore } from '../../src/store/index.js';
import { isPlainJson, markPlainJson, WatchCache } from '../../src/server/watch-cache.js';

t.test("the cache keeps the writer's object when it is plain JSON, else parses the value", async (t) => {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  await cache.start();
  t.teardown(() => cache.stop());
  const seen: unknown[] = [];
  cache.subscribe((e) => seen.push(e.obj));

  const pod = { kind: 'Pod', metadata: { name: 'a', resourceVersion: '999' }, spec: { n: [1, 'x', true, null, { y: {} }] } };
  const { revision } = (await store.create('/registry/core/pods/ns/a', JSON.stringify(pod), pod)) as { revision: number };
  const cached = cache.get('/registry/core/pods/ns/a')!;
  t.equal(cached.obj, pod, 'adopted, not re-parsed');
  t.equal(pod.metadata.resourceVersion, String(revision), 'its resourceVersion is the revision');
  t.equal(seen[0], pod, 'listeners get the same object');

  const odd = { kind: 'Pod', metadata: { name: 'a' }, spec: { gone: undefined, n: 1 } };
  const value = JSON.stringify(odd);
  await store.update('/registry/core/pods/ns/a', value, revision, odd);
  const after = cache.get('/registry/core/pods/ns/a')!;
  t.not(after.obj, odd, 'an object with what JSON drops is not used');
  t.strictSame(after.obj, { kind: 'Pod', metadata: { name: 'a', resourceVersion: String(after.revision) }, spec: { n: 1 } });
  t.notOk('resourceVersion' in odd.metadata, 'and is left alone');

  await store.update('/registry/core/pods/ns/a', '{"kind":"Pod","metadata":{"name":"a"}}', after.revision);
  t.strictSame(cache.get('/registry/core/pods/ns/a')!.obj, { kind: 'Pod', metadata: { name: 'a', resourceVersion: String(after.revision + 1) } }, 'no object: parsed');
});

t.test('isPlainJson: what a JSON round trip gives back unchanged', async (t) => {
  for (const v of ['s', 1, 0, -1.5, true, false, null, [], {}, { a: [1, { b: null }] }, [[], [{}]]]) t.ok(isPlainJson(v), JSON.stringify(v));
  const bad: [string, unknown][] = [
    ['undefined', undefined],
    ['an undefined member', { a: undefined }],
    ['an undefined element', [1, undefined]],
    ['a hole', [1, , 2]], // eslint-disable-line no-sparse-arrays
    ['NaN', { n: NaN }],
    ['Infinity', [Infinity]],
    ['-0', { z: -0 }],
    ['a Date', { d: new Date(0) }],
    ['a function', { f: () => 1 }],
    ['a bigint', { b: 1n }],
    ['a class instance', { m: new Map() }],
    ['a null-prototype object', { o: Object.create(null) }],
    ['a symbol', [Symbol('s')]],
  ];
  for (const [what, v] of bad) t.notOk(isPlainJson(v), what);
});

t.test('an object its writer marks as plain JSON is adopted without the check', async (t) => {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  await cache.start();
  t.teardown(() => cache.stop());
  const trusted = { kind: 'Pod', metadata: { name: 'b' }, spec: { n: 1 } };
  markPlainJson(trusted);
  await store.create('/registry/core/pods/ns/b', JSON.stringify(trusted), trusted);
  t.equal(cache.get('/registry/core/pods/ns/b')!.obj, trusted);
});
