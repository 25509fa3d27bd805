import t from 'tap';
import { coreToEventsV1, eventsV1ToCore, hpaV1ToV2, hpaV2ToV1 } from '../../../src/api/conversion/index.js';

t.test('autoscaling v1 ↔ v2 keeps the cpu target and status', async (t) => {
  const v1 = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
    status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 80 },
  };
  const v2 = hpaV1ToV2(v1);
  t.strictSame(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
  t.strictSame(v2.status.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 80 } } }]);
  t.equal(v2.apiVersion, 'autoscaling/v2');
  t.strictSame(hpaV2ToV1(v2), v1, 'round trip');
  const memoryOnly = hpaV2ToV1({ ...v2, spec: { ...v2.spec, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }] } });
  t.equal(memoryOnly.spec.targetCPUUtilizationPercentage, undefined, 'no cpu metric: no v1 target');
});

t.test('events.k8s.io/v1 ↔ core/v1', async (t) => {
  const core = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u1' },
    reason: 'Started',
    message: 'Started container web',
    type: 'Normal',
    source: { component: 'kubelet', host: 'n1' },
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:05Z',
    count: 2,
    reportingComponent: 'kubelet',
    reportingInstance: 'n1',
  };
  const ev = coreToEventsV1(core);
  t.equal(ev.apiVersion, 'events.k8s.io/v1');
  t.strictSame(ev.regarding, core.involvedObject);
  t.equal(ev.note, 'Started container web');
  t.equal(ev.deprecatedCount, 2);
  t.equal(ev.reportingController, 'kubelet');
  t.strictSame(eventsV1ToCore(ev), { ...core, eventTime: null }, 'round trip (eventTime explicit null)');
});
