import t from 'tap';
import { hpaController } from '../../../src/server/controllers/hpa-controller.js';
import type { MetricsSource, PodUsage } from '../../../src/server/metrics/index.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi } from './workload-controllers-harness.js';

/** Pod usage set by the test: millicores per pod name (memory fixed). */
class FakeMetrics implements MetricsSource {
  cpu = new Map<string, number>();
  constructor(private readonly clock: { now: number }) {}
  async podMetrics(namespace?: string): Promise<PodUsage[]> {
    return [...this.cpu].map(([name, milli]) => ({
      namespace: namespace ?? 'default', name, labels: { app: 'web' }, timestamp: this.clock.now, windowMs: 15_000,
      containers: [{ name: 'c', cpuNanoCores: milli * 1e6, memoryBytes: 64 * 2 ** 20 }],
    }));
  }
  async nodeMetrics() {
    return [];
  }
}

async function setup(replicas: number, hpaSpec: Record<string, unknown> = {}, config = defaultServerConfig()) {
  const env = await inProcessApi();
  const { client, clock } = env;
  const metrics = new FakeMetrics(clock);
  const c = hpaController(client, env.log, config, { metrics, now: env.now });
  await client.create('deployments.apps', 'default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  await client.create('horizontalpodautoscalers.autoscaling', 'default', {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...hpaSpec,
    },
  });
  /** Makes `n` ready pods (started 10 min ago, 100m requested each) and gives each `milli` of usage. */
  const pods = async (n: number, milli: number) => {
    for (const p of client.list('pods', 'default')) await client.delete('pods', 'default', p.metadata.name, { gracePeriodSeconds: 0 });
    metrics.cpu.clear();
    const started = new Date(clock.now - 600_000).toISOString();
    for (let i = 0; i < n; i++) {
      const name = `web-${i}`;
      const pod = await client.create('pods', 'default', {
        apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
      });
      pod.status = { phase: 'Running', startTime: started, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: started }] };
      await client.updateStatus('pods', pod);
      metrics.cpu.set(name, milli);
    }
  };
  const replicasNow = () => client.get('deployments.apps', 'default', 'web').spec.replicas;
  const hpa = () => client.get('horizontalpodautoscalers.autoscaling', 'default', 'web');
  const condition = (type: string) => hpa().status.conditions.find((x: any) => x.type === type);
  const events = () => client.list('events', 'default').filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler');
  return { ...env, c, metrics, pods, replicasNow, hpa, condition, events, reconcile: () => c.reconcile('default/web') };
}

t.test('scales up by ceil(current × usage/target) and records status and an event', async (t) => {
  const h = await setup(2);
  await h.pods(2, 90); // 90 % of request against a 50 % target: ratio 1.8
  await h.reconcile();
  t.equal(h.replicasNow(), 4, 'ceil(2 × 1.8)');
  const s = h.hpa().status;
  t.equal(s.currentReplicas, 2);
  t.equal(s.desiredReplicas, 4);
  t.ok(s.lastScaleTime);
  t.same(s.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } } }]);
  t.match(h.condition('AbleToScale'), { status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
  t.match(h.condition('ScalingActive'), { status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
  t.match(h.condition('ScalingLimited'), { status: 'False', reason: 'DesiredWithinRange' });
  const rescale = h.events().find((e) => e.reason === 'SuccessfulRescale');
  t.equal(rescale?.message, 'New size: 4; reason: cpu resource utilization (percentage of request) above target');
  t.equal(rescale?.type, 'Normal');
});

t.test('stays put within the 10 % tolerance', async (t) => {
  const h = await setup(3);
  await h.pods(3, 54); // ratio 1.08
  await h.reconcile();
  t.equal(h.replicasNow(), 3);
  t.equal(h.hpa().status.desiredReplicas, 3);
  t.notOk(h.hpa().status.lastScaleTime);
  t.match(h.condition('AbleToScale'), { reason: 'ReadyForNewScale' });
  t.equal(h.events().length, 0);
});

t.test('scale-down waits for the stabilization window, then takes the highest recent recommendation', async (t) => {
  const h = await setup(4);
  await h.pods(4, 10); // ratio 0.2 → 1 replica wanted
  await h.reconcile();
  t.equal(h.replicasNow(), 4, 'the recommendation at start (4) holds within 300 s');
  t.match(h.condition('AbleToScale'), { reason: 'ScaleDownStabilized' });
  h.clock.now += 120_000;
  await h.reconcile();
  t.equal(h.replicasNow(), 4, 'still within the window');
  h.clock.now += 181_000;
  await h.reconcile();
  t.equal(h.replicasNow(), 1, 'after 300 s the low recommendations win');
  t.equal(h.events().find((e) => e.reason === 'SuccessfulRescale')?.message, 'New size: 1; reason: All metrics below target');
});

t.test('the server\'s --horizontal-pod-autoscaler-downscale-stabilization and sync period apply', async (t) => {
  const h = await setup(4, {}, defaultServerConfig({ hpaDownscaleStabilizationSeconds: 10, hpaSyncPeriodSeconds: 2 }));
  t.equal(h.c.resyncMs, 2000, 'reconciled every 2 s');
  await h.pods(4, 10); // ratio 0.2 → 1 replica wanted
  await h.reconcile();
  t.equal(h.replicasNow(), 4, 'within the 10 s window');
  h.clock.now += 11_000;
  await h.reconcile();
  t.equal(h.replicasNow(), 1, 'after 10 s, not 300 s');
});

t.test('behavior.scaleDown.stabilizationWindowSeconds 0 scales down at once', async (t) => {
  const h = await setup(4, { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
  await h.pods(4, 25); // ratio 0.5 → 2
  await h.reconcile();
  t.equal(h.replicasNow(), 2);
});

t.test('clamps to maxReplicas and reports ScalingLimited', async (t) => {
  const h = await setup(4, { maxReplicas: 5 });
  await h.pods(4, 100); // ratio 2 → 8
  await h.reconcile();
  t.equal(h.replicasNow(), 5);
  t.match(h.condition('ScalingLimited'), { status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
});

t.test('scale-up rate: at most max(+100 %, +4) per 15 s', async (t) => {
  const h = await setup(2, { maxReplicas: 50 });
  await h.pods(2, 500); // ratio 10 → 20
  await h.reconcile();
  t.equal(h.replicasNow(), 6, '2 + 4 pods beats 2 × 2');
  t.match(h.condition('ScalingLimited'), { status: 'True', reason: 'ScaleUpLimit' });
  await h.pods(6, 500); // ratio 10 → 60, but the last 15 s already added 4 from 2
  h.clock.now += 5_000;
  await h.reconcile();
  t.equal(h.replicasNow(), 6, 'no further growth within the period');
  h.clock.now += 11_000;
  await h.reconcile();
  t.equal(h.replicasNow(), 12, 'next period: 100 % of 6');
});

t.test('clamps up to minReplicas and down to maxReplicas without metrics', async (t) => {
  const low = await setup(1, { minReplicas: 3 });
  await low.reconcile();
  t.equal(low.replicasNow(), 3);
  t.equal(low.events()[0]?.message, 'New size: 3; reason: Current number of replicas below Spec.MinReplicas');
  const high = await setup(12, { maxReplicas: 10 });
  await high.reconcile();
  t.equal(high.replicasNow(), 10);
  t.equal(high.events()[0]?.message, 'New size: 10; reason: Current number of replicas above Spec.MaxReplicas');
});

t.test('missing metrics: no scaling, ScalingActive False, warning events', async (t) => {
  const h = await setup(2);
  await h.pods(2, 50);
  h.metrics.cpu.clear();
  await t.rejects(h.reconcile(), /invalid metrics \(1 invalid out of 1\)/);
  t.equal(h.replicasNow(), 2);
  t.match(h.condition('ScalingActive'), { status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API' });
  const reasons = h.events().map((e) => e.reason).sort();
  t.same(reasons, ['FailedComputeMetricsReplicas', 'FailedGetResourceMetric']);
});

t.test('a pod without metrics counts as 0 % on scale-up', async (t) => {
  const h = await setup(3);
  await h.pods(3, 100);
  h.metrics.cpu.delete('web-2'); // two pods at 200 % of target, one unknown → (100+100+0)/300 = 66 % → ratio 1.33
  await h.reconcile();
  t.equal(h.replicasNow(), 4, 'ceil(1.32 × 3), not ceil(2 × 3)');
});

t.test('AverageValue targets on memory', async (t) => {
  const h = await setup(2, { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '32Mi' } } }] });
  await h.pods(2, 10); // 64Mi each
  await h.reconcile();
  t.equal(h.replicasNow(), 4);
  t.same(h.hpa().status.currentMetrics, [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '67108864' } } }]);
  t.equal(h.events()[0]?.message, 'New size: 4; reason: memory resource above target');
});

t.test('a missing target: AbleToScale False with FailedGetScale', async (t) => {
  const h = await setup(2);
  await h.client.delete('deployments.apps', 'default', 'web');
  await t.rejects(h.reconcile(), /deployments.apps "web" not found/);
  t.match(h.condition('AbleToScale'), { status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: deployments.apps "web" not found` });
});

t.test('a deleted HPA is a no-op', async (t) => {
  const h = await setup(2);
  await h.client.delete('horizontalpodautoscalers.autoscaling', 'default', 'web');
  await h.reconcile();
  t.equal(h.replicasNow(), 2);
});
