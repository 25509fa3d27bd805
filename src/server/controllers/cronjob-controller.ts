import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone, nowTime } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { parseCronSchedule, type CronSchedule } from './cronjob-controller-schedule.js';
import { DelayedEnqueue } from './cronjob-controller-timers.js';
import { controllerRef, isControlledBy, ownerKey } from './daemonset-controller-revision.js';
import { createEventRecorder } from './event-recorder.js';
import { isJobFinished, type TimedControllerOptions } from './job-controller.js';

const CRONJOBS = 'cronjobs.batch';
const JOBS = 'jobs.batch';
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const MAX_MISSED = 100;

const jobFailed = (job: KubeObject) => (job.status?.conditions ?? []).some((c: KubeObject) => c.type === 'Failed' && c.status === 'True');
const finishedAt = (job: KubeObject) => Date.parse(job.status?.completionTime ?? job.status?.conditions?.find((c: KubeObject) => c.status === 'True')?.lastTransitionTime ?? job.metadata.creationTimestamp);

/**
 * batch/v1 CronJobs: a Job `<cronjob>-<scheduled unix minutes>` per schedule time (the most
 * recent one missed, within `startingDeadlineSeconds`), per `concurrencyPolicy`, unless
 * suspended; finished jobs beyond the history limits are deleted. It wakes itself at the next
 * schedule time.
 */
export function cronJobController(client: InProcessClient, _log: Logger, _config?: ServerConfig, options: TimedControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const events = createEventRecorder(client, { component: 'cronjob-controller', now });
  const timers = new DelayedEnqueue();
  const schedules = new Map<string, { source: string; schedule: CronSchedule }>();

  const scheduleOf = (cj: KubeObject): CronSchedule => {
    const source = `${cj.spec.timeZone ?? ''}\u0000${cj.spec.schedule}`;
    const hit = schedules.get(cj.metadata.uid);
    if (hit?.source === source) return hit.schedule;
    const schedule = parseCronSchedule(cj.spec.schedule, cj.spec.timeZone);
    schedules.set(cj.metadata.uid, { source, schedule });
    return schedule;
  };

  const deleteJob = async (cj: KubeObject, job: KubeObject) => {
    if (await client.deleteIfPresent(JOBS, job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Background' })) await events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  };

  return {
    name: 'cronjob',
    watch(enqueue) {
      timers.bind(enqueue);
      const cronJobs = client.watch(CRONJOBS, undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
        else schedules.delete(e.object.metadata.uid);
      });
      const jobs = client.watch(JOBS, undefined, {}, (e) => {
        const key = ownerKey(e.object, 'CronJob');
        if (key) enqueue(key);
      });
      return () => {
        cronJobs.close();
        jobs.close();
        timers.stop();
      };
    },
    resyncKeys: () => client.list(CRONJOBS).map((c) => `${c.metadata.namespace}/${c.metadata.name}`),
    resyncMs: 30_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const cj = client.tryGet(CRONJOBS, ns, name);
      if (!cj || cj.metadata.deletionTimestamp) return;
      const t = now();
      const status: KubeObject = clone(cj.status ?? {});
      const jobs = client.list(JOBS, ns).filter((j) => isControlledBy(j, cj));
      const active = jobs.filter((j) => !isJobFinished(j) && !j.metadata.deletionTimestamp);
      for (const j of jobs) {
        if (isJobFinished(j) && !jobFailed(j) && j.status?.completionTime) {
          if (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime)) status.lastSuccessfulTime = j.status.completionTime;
        }
      }
      await cleanupHistory(cj, jobs, deleteJob);

      const writeStatus = async (running: KubeObject[]) => {
        status.active = running.map((j) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: ns, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion }));
        if (status.active.length === 0) delete status.active;
        if (!jsonEqual(status, cj.status ?? {})) await client.updateStatus(CRONJOBS, { ...cj, status });
      };

      if (cj.spec.suspend) return writeStatus(active);
      let schedule: CronSchedule;
      try {
        schedule = scheduleOf(cj);
      } catch (err) {
        await events.record(cj, 'Warning', 'UnparseableSchedule', (err as Error).message);
        return writeStatus(active);
      }

      const deadline = cj.spec.startingDeadlineSeconds;
      let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp);
      if (deadline != null) earliest = Math.max(earliest, t - deadline * 1000);
      const { latest, missed } = mostRecent(schedule, earliest, t);
      const nextRun = schedule.next(t);
      if (nextRun !== undefined) timers.after(key, nextRun - t);
      if (latest === undefined) return writeStatus(active);
      if (missed > MAX_MISSED) {
        await events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
      }
      const jobName = `${name}-${Math.floor(latest / 60_000)}`;
      if (jobs.some((j) => j.metadata.name === jobName)) return writeStatus(active);
      if (deadline != null && t - latest > deadline * 1000) {
        await events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${nowTime(latest)}`);
        return writeStatus(active);
      }
      const policy = cj.spec.concurrencyPolicy ?? 'Allow';
      if (policy === 'Forbid' && active.length > 0) {
        await events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
        return writeStatus(active);
      }
      let running = active;
      if (policy === 'Replace') {
        for (const j of active) await deleteJob(cj, j);
        running = [];
      }
      const template = clone(cj.spec.jobTemplate ?? {});
      let job: KubeObject;
      try {
        job = await client.create(JOBS, ns, {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: jobName,
            namespace: ns,
            labels: template.metadata?.labels,
            annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: nowTime(latest) },
            ownerReferences: [controllerRef(cj)],
          },
          spec: template.spec,
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 409) throw err;
        job = client.get(JOBS, ns, jobName);
      }
      await events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
      status.lastScheduleTime = nowTime(latest);
      return writeStatus([...running, job]);
    },
  };
}

/** The latest schedule time in (earliest, t], and how many there were. */
function mostRecent(schedule: CronSchedule, earliest: number, t: number): { latest?: number; missed: number } {
  let latest: number | undefined;
  let missed = 0;
  let cursor = earliest;
  for (;;) {
    const next = schedule.next(cursor);
    if (next === undefined || next > t) return { latest, missed };
    latest = next;
    missed++;
    cursor = next;
    // Many missed runs: skip ahead to shortly before `t` (at ten average intervals) instead of walking them all.
    if (missed === MAX_MISSED + 1 && t - cursor > 10 * ((cursor - earliest) / missed)) {
      const skipTo = t - 10 * ((cursor - earliest) / missed);
      missed += Math.floor((skipTo - cursor) / ((cursor - earliest) / missed));
      cursor = skipTo;
    }
  }
}

async function cleanupHistory(cj: KubeObject, jobs: KubeObject[], remove: (cj: KubeObject, job: KubeObject) => Promise<void>): Promise<void> {
  const finished = jobs.filter((j) => isJobFinished(j) && !j.metadata.deletionTimestamp).sort((a, b) => finishedAt(a) - finishedAt(b));
  const prune = async (list: KubeObject[], limit: number | undefined) => {
    if (limit == null) return;
    for (const j of list.slice(0, Math.max(0, list.length - limit))) await remove(cj, j);
  };
  await prune(finished.filter((j) => !jobFailed(j)), cj.spec.successfulJobsHistoryLimit ?? 3);
  await prune(finished.filter(jobFailed), cj.spec.failedJobsHistoryLimit ?? 1);
}
