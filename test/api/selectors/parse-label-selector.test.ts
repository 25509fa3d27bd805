import t from 'tap';
import { parseLabelSelector } from '../../../src/api/selectors/parse-label-selector.js';
import { BadRequestError } from '../../../src/errors.js';

const web = { app: 'web', tier: 'front', version: '3' };

t.test('empty selector matches everything, including no labels', async (t) => {
  const s = parseLabelSelector('');
  t.equal(s.empty, true);
  t.equal(s.matches(undefined), true);
  t.equal(s.matches({}), true);
  t.equal(s.toString(), '');
  t.equal(parseLabelSelector('   ').empty, true);
});

t.test('equality operators', async (t) => {
  t.equal(parseLabelSelector('app=web').matches(web), true);
  t.equal(parseLabelSelector('app==web').matches(web), true);
  t.equal(parseLabelSelector('app=db').matches(web), false);
  t.equal(parseLabelSelector('app!=db').matches(web), true);
  t.equal(parseLabelSelector('app!=web').matches(web), false);
  t.equal(parseLabelSelector('missing!=x').matches(web), true, '!= matches an absent label');
  t.equal(parseLabelSelector('missing=').matches(web), false, '= needs the label present');
  t.equal(parseLabelSelector('empty=').matches({ empty: '' }), true);
});

t.test('set-based operators and existence', async (t) => {
  t.equal(parseLabelSelector('tier in (back, front)').matches(web), true);
  t.equal(parseLabelSelector('tier in (back)').matches(web), false);
  t.equal(parseLabelSelector('tier notin (back)').matches(web), true);
  t.equal(parseLabelSelector('tier notin (front,back)').matches(web), false);
  t.equal(parseLabelSelector('other notin (x)').matches(web), true);
  t.equal(parseLabelSelector('app').matches(web), true);
  t.equal(parseLabelSelector('other').matches(web), false);
  t.equal(parseLabelSelector('!other').matches(web), true);
  t.equal(parseLabelSelector('!app').matches(web), false);
  t.equal(parseLabelSelector('!app').matches(undefined), true);
  t.equal(parseLabelSelector('version>2').matches(web), true);
  t.equal(parseLabelSelector('version<3').matches(web), false);
});

t.test('commas AND the requirements; whitespace is tolerated', async (t) => {
  t.equal(parseLabelSelector(' app = web , tier in ( front ) , !gone ').matches(web), true);
  t.equal(parseLabelSelector('app=web,tier=back').matches(web), false);
});

t.test('requirements are sorted by key, values sorted, in the string form', async (t) => {
  const s = parseLabelSelector('tier in (b,a),app=web,!x,env');
  t.strictSame(
    s.requirements.map((r) => [r.key, r.operator, r.values]),
    [
      ['app', '=', ['web']],
      ['env', 'exists', []],
      ['tier', 'in', ['a', 'b']],
      ['x', '!', []],
    ],
  );
  t.equal(s.toString(), 'app=web,env,tier in (a,b),!x');
});

t.test('prefixed keys', async (t) => {
  t.equal(parseLabelSelector('app.kubernetes.io/name=web').matches({ 'app.kubernetes.io/name': 'web' }), true);
});

t.test('syntax errors name the bad part', async (t) => {
  const cases: Array<[string, string]> = [
    ['app=web,', "found 'end of string', expected: identifier after ','"],
    ['app web', "unable to parse requirement: found 'web', expected: '=', '!=', '==', 'in', 'notin'"],
    ['tier in a', "unable to parse requirement: found 'a', expected: '('"],
    ['tier in (a', "unable to parse requirement: found 'end of string', expected: ',' or ')'"],
    ['=x', "unable to parse requirement: found '=', expected: identifier"],
    ['!a=b', "unable to parse requirement: found '=', expected: ',' or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
  ];
  for (const [input, message] of cases) {
    t.throws(() => parseLabelSelector(input), { message, code: 400 }, input);
  }
});

t.test('invalid keys and values are rejected', async (t) => {
  const err = (s: string): BadRequestError => {
    try {
      parseLabelSelector(s);
    } catch (e) {
      return e as BadRequestError;
    }
    throw new Error(`no error for ${s}`);
  };
  t.ok(err('-bad=x') instanceof BadRequestError);
  t.match(err('-bad=x').message, /^unable to parse requirement: key: Invalid value: "-bad": name part must consist of/);
  t.match(err('a=-x-').message, /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "-x-": a valid label must consist/);
  t.match(err(`a=${'x'.repeat(64)}`).message, /must be no more than 63 characters/);
  t.match(err('Bad.Prefix/a=x').message, /prefix part a lowercase RFC 1123 subdomain/);
  t.match(err('a in ()').message, /for 'in', 'notin' operators, values set can't be empty/);
  t.match(err('a>x').message, /for 'Gt', 'Lt' operators, the value must be an integer/);
});
