/** Printers for batch/v1 Jobs and CronJobs. */

import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, SELECTOR_COLUMN, age, column, containerCells, formatLabelSelector, int, name } from './format.js';
import { humanDuration, since } from './human-duration.js';
import type { Obj, Printer } from './types.js';

function conditionTrue(job: Obj, type: string): boolean {
  const conditions: Obj[] = Array.isArray(job.status?.conditions) ? job.status.conditions : [];
  return conditions.find((c) => c.type === type)?.status === 'True';
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Obj): string {
  if (conditionTrue(job, 'Complete')) return 'Complete';
  if (conditionTrue(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp != null) return 'Terminating';
  if (conditionTrue(job, 'Suspended')) return 'Suspended';
  if (conditionTrue(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** `1/3`, or `1/1 of 4` for a work queue with parallelism above 1. */
export function jobCompletions(job: Obj): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** From start to completion (or to `now` while running); empty before the job starts. */
export function jobDuration(job: Obj, now: number): string {
  const start = Date.parse(job.status?.startTime ?? '');
  if (Number.isNaN(start)) return '';
  const end = Date.parse(job.status?.completionTime ?? '');
  return humanDuration((Number.isNaN(end) ? now : end) - start);
}

export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'Succeeded pods out of the completions wanted.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(job, now) {
    const [containers, images] = containerCells(job.spec?.template?.spec);
    return [
      name(job),
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      age(job, now),
      containers,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

function bool(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'The schedule in cron format.'),
    column('Timezone', 'string', 'The time zone of the schedule.'),
    column('Suspend', 'boolean', 'Whether new runs are suspended.'),
    column('Active', 'integer', 'Number of running jobs.'),
    column('Last Schedule', 'string', 'When a job was last scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(cj, now) {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [containers, images] = containerCells(jobSpec?.template?.spec);
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>';
    return [
      name(cj),
      String(cj.spec?.schedule ?? ''),
      typeof cj.spec?.timeZone === 'string' ? cj.spec.timeZone : '<none>',
      bool(cj.spec?.suspend),
      Array.isArray(cj.status?.active) ? cj.status.active.length : 0,
      last,
      age(cj, now),
      containers,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
