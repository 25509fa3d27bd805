import t from 'tap';
import { jsonEqual } from '../../src/api/json-equal.js';

t.test('jsonEqual: deep equality of JSON values, key order and undefined members ignored', async (t) => {
  const canonical = (v: unknown): string =>
    JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().filter((k) => x[k] !== undefined).map((k) => [k, x[k]])) : x));
  const cases: [unknown, unknown][] = [
    [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: 1 }, { a: 1, b: undefined }],
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: null }],
    [{ a: null }, {}],
    [[1, 2], [2, 1]],
    [[1, undefined], [1, null]],
    [[], {}],
    [{}, []],
    [{ a: [] }, { a: {} }],
    ['1', 1],
    [null, undefined],
    [undefined, undefined],
    [null, {}],
    [{ conditions: [{ type: 'Ready', status: 'True' }] }, { conditions: [{ status: 'True', type: 'Ready' }] }],
    [{ conditions: [{ type: 'Ready', status: 'True' }] }, { conditions: [{ type: 'Ready', status: 'False' }] }],
    [{ a: { b: { c: 1 } } }, { a: { b: { c: 1, d: 0 } } }],
  ];
  for (const [a, b] of cases) t.equal(jsonEqual(a, b), canonical(a) === canonical(b), `${canonical(a)} vs ${canonical(b)}`);
});
