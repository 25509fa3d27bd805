import t from 'tap';
import { cronJobController } from '../../../src/server/controllers/cronjob-controller.js';
import { parseCronSchedule } from '../../../src/server/controllers/cronjob-controller-schedule.js';
import { defaultServerConfig } from '../../../src/server/server-config.js';
import { inProcessApi, podTemplate } from './workload-controllers-harness.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const cronJob = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: { schedule: '*/5 * * * *', timeZone: 'UTC', jobTemplate: { metadata: { labels: { cj: name } }, spec: { template: podTemplate({ cj: name }, { restartPolicy: 'OnFailure' }) } }, ...spec },
});
const jobNames = (client: any) => client.list('jobs.batch', 'default').map((j: any) => j.metadata.name).sort();
const complete = async (client: any, name: string, at: number) => {
  const job = client.get('jobs.batch', 'default', name);
  const ts = new Date(at).toISOString().replace('.000Z', 'Z');
  job.status = { startTime: ts, completionTime: ts, succeeded: 1, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: ts }] };
  await client.updateStatus('jobs.batch', job);
};

t.test('schedule parsing: next run after T', async (t) => {
  const every5 = parseCronSchedule('*/5 * * * *', 'UTC');
  t.equal(new Date(every5.next(T0)!).toISOString(), '2025-01-01T00:05:00.000Z');
  t.equal(new Date(parseCronSchedule('@hourly', 'UTC').next(T0 + 1)!).toISOString(), '2025-01-01T01:00:00.000Z');
  t.equal(new Date(parseCronSchedule('0 9 * * MON-FRI', 'UTC').next(T0)!).toISOString(), '2025-01-01T09:00:00.000Z', 'Jan 1 2025 is a Wednesday');
  t.equal(new Date(parseCronSchedule('0 9 * * 6', 'UTC').next(T0)!).toISOString(), '2025-01-04T09:00:00.000Z');
  t.equal(new Date(parseCronSchedule('CRON_TZ=Europe/Paris 0 9 * * *').next(T0)!).toISOString(), '2025-01-01T08:00:00.000Z');
  t.equal(new Date(parseCronSchedule('0 0 29 2 *', 'UTC').next(T0)!).toISOString(), '2028-02-29T00:00:00.000Z');
  t.equal(new Date(parseCronSchedule('0 0 1,15 * 5', 'UTC').next(T0)!).toISOString(), '2025-01-03T00:00:00.000Z', 'day-of-month OR day-of-week');
  t.throws(() => parseCronSchedule('* * * *'), RangeError);
  t.throws(() => parseCronSchedule('* * * * *', 'Mars/Olympus'), RangeError);
});

t.test('creates a job at the scheduled minute; Forbid waits for the active one', async (t) => {
  const { client, log, now, clock } = await inProcessApi();
  const c = cronJobController(client, log, defaultServerConfig(), { now });
  const cj = await client.create('cronjobs.batch', 'default', cronJob('tick', { concurrencyPolicy: 'Forbid' }));
  await c.reconcile('default/tick');
  t.same(jobNames(client), [], 'nothing before the first schedule time');

  clock.now = T0 + 5 * 60_000 + 10_000;
  await c.reconcile('default/tick');
  const first = `tick-${(T0 + 5 * 60_000) / 60_000}`;
  t.same(jobNames(client), [first]);
  const job = client.get('jobs.batch', 'default', first);
  t.equal(job.metadata.ownerReferences[0].uid, cj.metadata.uid);
  t.equal(job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2025-01-01T00:05:00Z');
  t.equal(job.metadata.labels.cj, 'tick');
  let status = client.get('cronjobs.batch', 'default', 'tick').status;
  t.equal(status.lastScheduleTime, '2025-01-01T00:05:00Z');
  t.same(status.active.map((a: any) => a.name), [first]);
  await c.reconcile('default/tick');
  t.same(jobNames(client), [first], 'idempotent within the minute');

  clock.now = T0 + 10 * 60_000 + 5_000;
  await c.reconcile('default/tick');
  t.same(jobNames(client), [first], 'Forbid: no second job while the first runs');
  await complete(client, first, clock.now);
  await c.reconcile('default/tick');
  t.equal(jobNames(client).length, 2, 'started once the first finished');
  status = client.get('cronjobs.batch', 'default', 'tick').status;
  t.equal(status.lastSuccessfulTime, '2025-01-01T00:10:05Z');
  t.equal(status.active.length, 1);
});

t.test('Replace deletes the running job; Allow runs both; suspend and deadline', async (t) => {
  const { client, log, now, clock } = await inProcessApi();
  const c = cronJobController(client, log, defaultServerConfig(), { now });
  await client.create('cronjobs.batch', 'default', cronJob('rep', { concurrencyPolicy: 'Replace' }));
  clock.now = T0 + 5 * 60_000;
  await c.reconcile('default/rep');
  clock.now = T0 + 10 * 60_000;
  await c.reconcile('default/rep');
  t.same(jobNames(client), [`rep-${(T0 + 10 * 60_000) / 60_000}`], 'the old job replaced');
  t.ok(client.list('events', 'default').some((e) => e.reason === 'SuccessfulDelete'));

  await client.create('cronjobs.batch', 'default', cronJob('all', { suspend: true }));
  clock.now = T0 + 15 * 60_000;
  await c.reconcile('default/all');
  t.equal(jobNames(client).filter((n: string) => n.startsWith('all-')).length, 0, 'suspended');

  const late = await client.create('cronjobs.batch', 'default', cronJob('late', { startingDeadlineSeconds: 30 }));
  t.ok(late);
  clock.now = T0 + 20 * 60_000 + 45_000;
  await c.reconcile('default/late');
  t.equal(jobNames(client).filter((n: string) => n.startsWith('late-')).length, 0, 'missed by more than the starting deadline');
});

t.test('history limits prune finished jobs', async (t) => {
  const { client, log, now, clock } = await inProcessApi();
  const c = cronJobController(client, log, defaultServerConfig(), { now });
  await client.create('cronjobs.batch', 'default', cronJob('hist', { successfulJobsHistoryLimit: 1 }));
  for (let i = 1; i <= 3; i++) {
    clock.now = T0 + i * 5 * 60_000;
    await c.reconcile('default/hist');
    const name = `hist-${clock.now / 60_000}`;
    await complete(client, name, clock.now + 1000);
  }
  await c.reconcile('default/hist');
  t.same(jobNames(client), [`hist-${(T0 + 15 * 60_000) / 60_000}`]);
});
