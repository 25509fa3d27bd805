import t from 'tap';
import { humanDuration, since } from '../../../src/api/tables/human-duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

t.test('humanDuration matches kubectl ages', async (t) => {
  const cases: Array<[number, string]> = [
    [-5 * S, '<invalid>'],
    [-2 * S, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [5 * H + 10 * M, '5h10m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [2 * 365 * D + 10 * D, '2y10d'],
    [9 * 365 * D, '9y'],
  ];
  for (const [ms, want] of cases) t.equal(humanDuration(ms), want, `${ms}ms`);
});

t.test('since', async (t) => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  t.equal(since('2024-05-01T11:55:00Z', now), '5m');
  t.equal(since(undefined, now), '<unknown>');
  t.equal(since('', now), '<unknown>');
  t.equal(since('not a date', now), '<unknown>');
});
