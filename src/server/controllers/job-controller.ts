import { isConditionTrue } from '../../api/conditions.js';
import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { clone, nowTime } from '../rest/object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { ServerConfig } from '../server-config.js';
import type { ControllerSpec } from './controller.js';
import { DelayedEnqueue } from './cronjob-controller-timers.js';
import { controllerRef, isControlledBy, ownerKey } from './daemonset-controller-revision.js';
import { createEventRecorder } from './event-recorder.js';
import { formatIndexes, indexPod, podIndex } from './job-controller-indexes.js';

export interface TimedControllerOptions {
  now?: () => number;
}

const JOBS = 'jobs.batch';

const isTerminal = (p: KubeObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isReady = (p: KubeObject) => isConditionTrue(p);
const condition = (job: KubeObject, type: string) => (job.status?.conditions ?? []).find((c: KubeObject) => c.type === type && c.status === 'True');
export const isJobFinished = (job: KubeObject): boolean => Boolean(condition(job, 'Complete') || condition(job, 'Failed'));

/**
 * batch/v1 Jobs: keeps `parallelism` pods running until `completions` succeed (or, for
 * Indexed jobs, every index has), fails on `backoffLimit` pod failures or after
 * `activeDeadlineSeconds`, honours `suspend`, and deletes the job `ttlSecondsAfterFinished`
 * after it finished. Counts come from the job's pods (which it keeps until it is deleted).
 */
export function jobController(client: InProcessClient, _log: Logger, _config?: ServerConfig, options: TimedControllerOptions = {}): ControllerSpec {
  const now = options.now ?? Date.now;
  const events = createEventRecorder(client, { component: 'job-controller', now });
  const timers = new DelayedEnqueue();

  const deletePod = async (job: KubeObject, pod: KubeObject) => {
    if (await client.deleteIfPresent('pods', pod.metadata.namespace, pod.metadata.name)) await events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  };

  const createPod = async (job: KubeObject, index?: number) => {
    const template = clone(job.spec.template);
    template.metadata ??= {};
    if (index !== undefined) indexPod(template, job.metadata.name, index);
    const pod = await client.create('pods', job.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...template.metadata, name: undefined, generateName: `${job.metadata.name}-`, namespace: job.metadata.namespace, ownerReferences: [controllerRef(job)] },
      spec: template.spec,
    });
    await events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
  };

  const finish = (status: KubeObject, t: number, type: 'Complete' | 'Failed', reason: string, message: string) => {
    const at = nowTime(t);
    const interim = type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
    const conds = (status.conditions ?? []).filter((c: KubeObject) => c.type !== interim && c.type !== type);
    conds.push({ type: interim, status: 'True', reason, message, lastProbeTime: at, lastTransitionTime: at });
    conds.push({ type, status: 'True', reason, message, lastProbeTime: at, lastTransitionTime: at });
    status.conditions = conds;
    if (type === 'Complete') status.completionTime = at;
  };

  return {
    name: 'job',
    watch(enqueue) {
      timers.bind(enqueue);
      const jobs = client.watch(JOBS, undefined, {}, (e) => {
        if (e.type !== 'DELETED') enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      });
      const pods = client.watch('pods', undefined, {}, (e) => {
        const key = ownerKey(e.object, 'Job');
        if (key) enqueue(key);
      });
      return () => {
        jobs.close();
        pods.close();
        timers.stop();
      };
    },
    resyncKeys: () => client.list(JOBS).filter((j) => !isJobFinished(j) || j.spec?.ttlSecondsAfterFinished != null).map((j) => `${j.metadata.namespace}/${j.metadata.name}`),
    resyncMs: 30_000,
    async reconcile(key) {
      const [ns, name] = key.split('/');
      const job = client.tryGet(JOBS, ns, name);
      if (!job || job.metadata.deletionTimestamp) return;
      const t = now();
      const spec = job.spec;
      const pods = client.list('pods', ns).filter((p) => isControlledBy(p, job));

      if (isJobFinished(job)) {
        const ttl = spec.ttlSecondsAfterFinished;
        if (ttl == null) return;
        const finished = Date.parse(job.status.completionTime ?? condition(job, 'Failed')?.lastTransitionTime ?? condition(job, 'Complete')?.lastTransitionTime);
        const due = finished + ttl * 1000;
        if (t >= due) await client.delete(JOBS, ns, name, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } }).catch(() => undefined);
        else timers.after(key, due - t);
        return;
      }

      const status: KubeObject = clone(job.status ?? {});
      const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
      const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
      const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
      // Counts never go down: a deleted terminal pod stays counted.
      status.succeeded = Math.max(status.succeeded ?? 0, succeededPods.length);
      status.failed = Math.max(status.failed ?? 0, failedPods.length);
      const indexed = spec.completionMode === 'Indexed';
      const completions: number | null = spec.completions ?? null;
      const doneIndexes = new Set(succeededPods.map(podIndex).filter((i): i is number => i !== undefined && i < (completions ?? 0)));
      if (indexed) status.completedIndexes = formatIndexes(doneIndexes);

      let toDelete: KubeObject[] = [];
      let toCreate: (number | undefined)[] = [];
      const suspended = spec.suspend === true;
      if (!suspended && !status.startTime) status.startTime = nowTime(t);
      const restarts = spec.template?.spec?.restartPolicy === 'OnFailure'
        ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, c: KubeObject) => m + (c.restartCount ?? 0), 0), 0)
        : 0;
      const backoffLimit = spec.backoffLimit ?? 6;
      const deadline = spec.activeDeadlineSeconds != null && status.startTime && !suspended ? Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 : undefined;
      const complete = indexed
        ? doneIndexes.size >= (completions ?? 0)
        : completions === null
          ? status.succeeded > 0 && active.length === 0
          : status.succeeded >= completions;

      if (complete) {
        finish(status, t, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
        toDelete = active;
        await events.record(job, 'Normal', 'Completed', 'Job completed');
      } else if (status.failed + restarts > backoffLimit) {
        finish(status, t, 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        toDelete = active;
        await events.record(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (deadline !== undefined && t >= deadline) {
        finish(status, t, 'Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline');
        toDelete = active;
        await events.record(job, 'Warning', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (suspended) {
        toDelete = active;
      } else {
        const parallelism = spec.parallelism ?? 1;
        if (indexed) {
          const running = new Set(active.map(podIndex));
          const missing = [...Array(completions ?? 0).keys()].filter((i) => !doneIndexes.has(i) && !running.has(i));
          toCreate = missing.slice(0, Math.max(0, parallelism - active.length));
          toDelete = active.slice(parallelism).concat(active.filter((p) => doneIndexes.has(podIndex(p) ?? -1)));
        } else {
          const remaining = completions === null ? (status.succeeded > 0 ? 0 : parallelism) : completions - status.succeeded;
          const want = Math.max(0, Math.min(parallelism, remaining));
          if (want > active.length) toCreate = Array(want - active.length).fill(undefined);
          else toDelete = active.slice(want);
        }
        if (deadline !== undefined) timers.after(key, deadline - t);
      }

      for (const pod of toDelete) await deletePod(job, pod);
      let created = 0;
      try {
        for (const index of toCreate) {
          await createPod(job, index);
          created++;
        }
      } finally {
        const stillActive = active.length - toDelete.filter((p) => active.includes(p)).length + created;
        status.active = stillActive;
        status.ready = active.filter((p) => isReady(p) && !toDelete.includes(p)).length;
        status.terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length + toDelete.length;
        status.uncountedTerminatedPods = {};
        setSuspended(status, suspended, t);
        if (!jsonEqual(status, job.status ?? {})) await client.updateStatus(JOBS, { ...job, status });
      }
      if (isJobFinished({ status }) && spec.ttlSecondsAfterFinished != null) timers.after(key, spec.ttlSecondsAfterFinished * 1000);
    },
  };
}

function setSuspended(status: KubeObject, suspended: boolean, t: number): void {
  const current = (status.conditions ?? []).find((c: KubeObject) => c.type === 'Suspended');
  if (!suspended && !current) return;
  const want = suspended ? 'True' : 'False';
  if (current?.status === want) return;
  const at = nowTime(t);
  const cond = suspended
    ? { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: at, lastTransitionTime: at }
    : { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: at, lastTransitionTime: at };
  status.conditions = [...(status.conditions ?? []).filter((c: KubeObject) => c.type !== 'Suspended'), cond];
  if (!suspended) status.startTime = nowTime(t);
}
