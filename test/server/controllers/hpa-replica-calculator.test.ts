import t from 'tap';
import { calculateReplicas, type PodMetric } from '../../../src/server/controllers/hpa-replica-calculator.js';

const NOW = Date.parse('2025-01-01T01:00:00Z');
const started = new Date(NOW - 600_000).toISOString();
const pod = (name: string, extra: Record<string, any> = {}) => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] },
  status: { phase: 'Running', startTime: started, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: started }] },
  ...extra,
});
const metrics = (entries: [string, number][]) => new Map<string, PodMetric>(entries.map(([n, v]) => [n, { value: v, timestamp: NOW, windowMs: 15_000 }]));

t.test('missing pods count as 100 % of their request on scale-down', async (t) => {
  const r = calculateReplicas({ currentReplicas: 4, pods: ['a', 'b', 'c', 'd'].map((n) => pod(n)), metrics: metrics([['a', 10], ['b', 10]]), resource: 'cpu', target: { utilization: 50 }, now: NOW });
  // (10 + 10 + 100 + 100) / 400 = 55 % → ratio 1.1: within tolerance, so no change
  t.equal(r.replicas, 4);
  t.equal(r.utilization, 10, 'status reports the measured pods only');
});

t.test('pending pods are unready: 0 % on scale-up, ignored otherwise', async (t) => {
  const pods = [pod('a'), pod('b'), pod('p', { status: { phase: 'Pending' } })];
  const up = calculateReplicas({ currentReplicas: 3, pods, metrics: metrics([['a', 100], ['b', 100]]), resource: 'cpu', target: { utilization: 50 }, now: NOW });
  t.equal(up.replicas, 4, '(100 + 100 + 0) / 300 = 66 % → ratio 1.33 → ceil(4)');
  const down = calculateReplicas({ currentReplicas: 3, pods, metrics: metrics([['a', 10], ['b', 10]]), resource: 'cpu', target: { utilization: 50 }, now: NOW });
  t.equal(down.replicas, 1, 'ceil(0.2 × 2 ready)');
});

t.test('deleted and failed pods are ignored; no pods is an error', async (t) => {
  const pods = [pod('a'), pod('gone', { metadata: { name: 'gone', deletionTimestamp: started } }), pod('f', { status: { phase: 'Failed' } })];
  t.equal(calculateReplicas({ currentReplicas: 3, pods, metrics: metrics([['a', 100], ['gone', 0], ['f', 0]]), resource: 'cpu', target: { utilization: 50 }, now: NOW }).replicas, 2);
  t.throws(() => calculateReplicas({ currentReplicas: 1, pods: [], metrics: metrics([['a', 1]]), resource: 'cpu', target: { utilization: 50 }, now: NOW }), /no pods returned by selector/);
  t.throws(() => calculateReplicas({ currentReplicas: 1, pods: [pod('x', { spec: { containers: [{ name: 'c' }] } })], metrics: metrics([['x', 1]]), resource: 'cpu', target: { utilization: 50 }, now: NOW }), /missing request for cpu in container c of Pod x/);
});

t.test('AverageValue: thousandths per pod against the target', async (t) => {
  const r = calculateReplicas({ currentReplicas: 2, pods: [pod('a'), pod('b')], metrics: metrics([['a', 300], ['b', 500]]), resource: 'cpu', target: { averageMilli: 200 }, now: NOW });
  t.equal(r.replicas, 4);
  t.equal(r.rawMilli, 400);
});
