/**
 * The selector upstream generates for a Job created without `spec.manualSelector`: the pod
 * template gets the job-name and controller-uid labels (legacy and batch.kubernetes.io forms)
 * and the selector matches the controller uid.
 */
import { cloneJson, objectAt, type JsonObject } from './json.js';
import { copyTemplateLabels } from './job.js';

export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  legacyControllerUid: 'controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyJobName: 'job-name',
} as const;

/** A new Job with the generated selector (the input is not changed); `uid` defaults to metadata.uid. */
export function applyJobSelector<T extends object>(job: T, uid?: string): T {
  const out = cloneJson(job) as unknown as JsonObject;
  const spec = objectAt(out, 'spec', true);
  if (spec.manualSelector === true) return out as unknown as T;
  const metadata = objectAt(out, 'metadata', true);
  const controllerUid = uid ?? (typeof metadata.uid === 'string' ? metadata.uid : undefined);
  if (controllerUid === undefined || controllerUid === '') {
    throw new TypeError(`Cannot generate a selector for Job "${String(metadata.name ?? '')}": no uid given and metadata.uid is empty`);
  }
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const template = objectAt(spec, 'template', true);
  const labels = objectAt(objectAt(template, 'metadata', true), 'labels', true);
  for (const [key, value] of [
    [JOB_LABELS.legacyJobName, name],
    [JOB_LABELS.jobName, name],
    [JOB_LABELS.legacyControllerUid, controllerUid],
    [JOB_LABELS.controllerUid, controllerUid],
  ] as const) {
    if (!(key in labels)) labels[key] = value;
  }
  const matchLabels = objectAt(objectAt(spec, 'selector', true), 'matchLabels', true);
  if (!(JOB_LABELS.controllerUid in matchLabels)) matchLabels[JOB_LABELS.controllerUid] = controllerUid;
  copyTemplateLabels(out, template);
  return out as unknown as T;
}
