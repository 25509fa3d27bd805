import t from 'tap';
import { jobController } from '../../../src/server/controllers/job-controller.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi, podTemplate, setPodStatus } from './workload-controllers-harness.js';

const job = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: podTemplate({ app: name }, { restartPolicy: 'Never' }), ...spec },
});

t.test('creates parallelism pods and completes when completions succeed', async (t) => {
  const { client, log, now } = await inProcessApi();
  const c = jobController(client, log, defaultServerConfig(), { now });
  const created = await client.create('jobs.batch', 'default', job('pi', { completions: 2, parallelism: 2 }));
  await c.reconcile('default/pi');
  const pods = client.list('pods', 'default');
  t.equal(pods.length, 2, 'two pods');
  for (const p of pods) {
    t.match(p.metadata.name, /^pi-[a-z0-9]{5}$/);
    t.equal(p.metadata.labels['job-name'], 'pi');
    t.equal(p.metadata.labels['batch.kubernetes.io/controller-uid'], created.metadata.uid);
    t.same(p.metadata.ownerReferences[0].uid, created.metadata.uid);
    t.equal(p.metadata.ownerReferences[0].controller, true);
  }
  let status = client.get('jobs.batch', 'default', 'pi').status;
  t.equal(status.active, 2);
  t.ok(status.startTime);
  for (const p of pods) await setPodStatus(client, p, 'Succeeded');
  await c.reconcile('default/pi');
  status = client.get('jobs.batch', 'default', 'pi').status;
  t.equal(status.succeeded, 2);
  t.equal(status.active, 0);
  t.ok(status.completionTime);
  t.ok(status.conditions.some((x: any) => x.type === 'Complete' && x.status === 'True'));
  t.ok(status.conditions.some((x: any) => x.type === 'SuccessCriteriaMet'));
  t.equal(client.list('pods', 'default').length, 2, 'no new pod after completion');
  const reasons = client.list('events', 'default').map((e) => e.reason);
  t.ok(reasons.includes('SuccessfulCreate'));
  t.ok(reasons.includes('Completed'));
  const create = client.list('events', 'default').filter((e) => e.reason === 'SuccessfulCreate');
  t.equal(create.length, 2, 'different messages, different events');
});

t.test('fails after backoffLimit failures', async (t) => {
  const { client, log, now } = await inProcessApi();
  const c = jobController(client, log, defaultServerConfig(), { now });
  await client.create('jobs.batch', 'default', job('bad', { backoffLimit: 1 }));
  for (let round = 0; round < 2; round++) {
    await c.reconcile('default/bad');
    const active = client.list('pods', 'default').filter((p) => p.status.phase === 'Pending');
    t.equal(active.length, 1, `one active pod in round ${round}`);
    await setPodStatus(client, active[0], 'Failed');
  }
  await c.reconcile('default/bad');
  const status = client.get('jobs.batch', 'default', 'bad').status;
  t.equal(status.failed, 2);
  const failed = status.conditions.find((x: any) => x.type === 'Failed');
  t.equal(failed?.reason, 'BackoffLimitExceeded');
  t.equal(client.list('pods', 'default').length, 2, 'no third pod');
  t.ok(client.list('events', 'default').some((e) => e.reason === 'BackoffLimitExceeded'));
});

t.test('activeDeadlineSeconds fails the job and removes its pods', async (t) => {
  const { client, log, now, clock } = await inProcessApi();
  const c = jobController(client, log, defaultServerConfig(), { now });
  await client.create('jobs.batch', 'default', job('slow', { activeDeadlineSeconds: 10 }));
  await c.reconcile('default/slow');
  t.equal(client.list('pods', 'default').length, 1);
  clock.now += 11_000;
  await c.reconcile('default/slow');
  const status = client.get('jobs.batch', 'default', 'slow').status;
  t.equal(status.conditions.find((x: any) => x.type === 'Failed')?.reason, 'DeadlineExceeded');
  t.equal(client.list('pods', 'default').length, 0, 'unbound pod deleted');
});

t.test('ttlSecondsAfterFinished deletes the finished job', async (t) => {
  const { client, log, now, clock } = await inProcessApi();
  const c = jobController(client, log, defaultServerConfig(), { now });
  await client.create('jobs.batch', 'default', job('ttl', { ttlSecondsAfterFinished: 5 }));
  await c.reconcile('default/ttl');
  await setPodStatus(client, client.list('pods', 'default')[0], 'Succeeded');
  await c.reconcile('default/ttl');
  await c.reconcile('default/ttl');
  t.ok(client.tryGet('jobs.batch', 'default', 'ttl'), 'kept before the TTL');
  clock.now += 6_000;
  await c.reconcile('default/ttl');
  t.notOk(client.tryGet('jobs.batch', 'default', 'ttl'), 'deleted after the TTL');
});

t.test('Indexed completion mode and suspend', async (t) => {
  const { client, log, now } = await inProcessApi();
  const c = jobController(client, log, defaultServerConfig(), { now });
  await client.create('jobs.batch', 'default', job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
  await c.reconcile('default/idx');
  const pods = client.list('pods', 'default');
  t.same(pods.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index']).sort(), ['0', '1', '2']);
  for (const p of pods.filter((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index'] !== '1')) await setPodStatus(client, p, 'Succeeded');
  await c.reconcile('default/idx');
  const status = client.get('jobs.batch', 'default', 'idx').status;
  t.equal(status.completedIndexes, '0,2');
  t.notOk(status.conditions?.some((x: any) => x.type === 'Complete'));

  await client.create('jobs.batch', 'default', job('sus', { suspend: true }));
  await c.reconcile('default/sus');
  t.equal(client.list('pods', 'default').filter((p) => p.metadata.labels['job-name'] === 'sus').length, 0, 'suspended: no pod');
  t.equal(client.get('jobs.batch', 'default', 'sus').status.conditions[0].type, 'Suspended');
});

t.test('under runController, watches drive it: the job gets its pod and the controllers stop cleanly', async (t) => {
  const { runController } = await import('../../../src/server/controllers/controller.js');
  const { cronJobController } = await import('../../../src/server/controllers/cronjob-controller.js');
  const { daemonSetController } = await import('../../../src/server/controllers/daemonset-controller.js');
  const { statefulSetController } = await import('../../../src/server/controllers/statefulset-controller.js');
  const { endpointsController } = await import('../../../src/server/controllers/endpoints-controller.js');
  const { endpointSliceController } = await import('../../../src/server/controllers/endpointslice-controller.js');
  const { nodeLifecycleController } = await import('../../../src/server/controllers/node-lifecycle-controller.js');
  const { client, log } = await inProcessApi(['default', 'kube-node-lease']);
  const config = defaultServerConfig();
  const running = [jobController, cronJobController, daemonSetController, statefulSetController, endpointsController, endpointSliceController, nodeLifecycleController].map((make) => runController(make(client, log, config), log));
  t.teardown(() => running.forEach((r) => r.stop()));
  const podCreated = new Promise<void>((resolve) => {
    const stop = client.api.cache.subscribe((e) => {
      if (e.type === 'ADDED' && e.obj.kind === 'Pod' && e.obj.metadata.labels?.['job-name'] === 'watched') {
        stop();
        resolve();
      }
    });
  });
  await client.create('jobs.batch', 'default', job('watched', {}));
  await podCreated;
  t.pass('pod created from the watch');
});
