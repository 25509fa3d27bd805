import t from 'tap';
import { labelSelectorFromObject, selectorToString } from '../../../src/api/selectors/label-selector-from-object.js';

t.test('null or absent selects nothing; empty selects everything', async (t) => {
  t.equal(labelSelectorFromObject(null).matches({ a: 'b' }), false);
  t.equal(labelSelectorFromObject(undefined).matches({}), false);
  t.equal(labelSelectorFromObject({}).matches({ a: 'b' }), true);
  t.equal(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }).matches(undefined), true);
});

t.test('matchLabels and matchExpressions AND together', async (t) => {
  const sel = labelSelectorFromObject({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'team', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  });
  t.equal(sel.matches({ app: 'web', tier: 'edge', team: 'x' }), true);
  t.equal(sel.matches({ app: 'web', tier: 'edge', team: 'x', env: 'prod' }), false);
  t.equal(sel.matches({ app: 'web', tier: 'back', team: 'x' }), false);
  t.equal(sel.matches({ app: 'web', tier: 'edge' }), false);
  t.equal(sel.matches({ app: 'web', tier: 'edge', team: 'x', legacy: '' }), false);
  t.equal(sel.matches({ app: 'db', tier: 'edge', team: 'x' }), false);
});

t.test('selectorToString', async (t) => {
  t.equal(selectorToString({ matchLabels: { tier: 'x', app: 'web' } }), 'app=web,tier=x');
  t.equal(
    selectorToString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }),
    'app=web,tier in (a,b)',
  );
  t.equal(
    selectorToString({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }, { key: 'e', operator: 'Exists' }, { key: 'n', operator: 'NotIn', values: ['1'] }] }),
    'e,n notin (1),!x',
  );
  t.equal(selectorToString({}), '');
  t.equal(selectorToString(null), '');
});

t.test('invalid selectors are rejected', async (t) => {
  t.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }), {
    message: '"Equals" is not a valid label selector operator',
    code: 400,
  });
  t.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), {
    message: /values set can't be empty/,
  });
  t.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), {
    message: /values set must be empty for exists and does not exist/,
  });
  t.throws(() => labelSelectorFromObject({ matchLabels: { 'bad key': 'x' } }), { message: /^key: Invalid value: "bad key"/ });
  t.throws(() => labelSelectorFromObject({ matchLabels: { a: 'bad value' } }), { message: /^values\[0\]\[a\]: Invalid value: "bad value"/ });
});
