import t from 'tap';
import { intValue, milliValue, parseQuantity } from '../../../src/server/scheduler/quantity.js';

t.test('parses the suffixes', async (t) => {
  t.equal(milliValue('100m'), 100);
  t.equal(milliValue('1'), 1000);
  t.equal(milliValue('0.5'), 500);
  t.equal(milliValue(2), 2000);
  t.equal(intValue('128Mi'), 128 * 1024 * 1024);
  t.equal(intValue('1G'), 1e9);
  t.equal(intValue('1e3'), 1000);
  t.equal(intValue('1Ki'), 1024);
  t.equal(intValue('2k'), 2000);
  t.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
  t.equal(milliValue('1u'), 1, 'rounds up as MilliValue');
});

t.test('rejects what is not a quantity', async (t) => {
  t.throws(() => parseQuantity('12 apples'), TypeError);
  t.throws(() => parseQuantity(''), TypeError);
  t.throws(() => parseQuantity('1Mb'), TypeError);
});
