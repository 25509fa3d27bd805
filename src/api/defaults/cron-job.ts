/** batch/v1 CronJob defaults (its job template's pod template gets the PodSpec defaults). */
import { objectAt, setDefault, type JsonObject } from './json.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

export function defaultCronJob(cronJob: JsonObject): void {
  const spec = objectAt(cronJob, 'spec', true);
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobSpec = objectAt(spec, 'jobTemplate') && objectAt(objectAt(spec, 'jobTemplate')!, 'spec');
  const template = jobSpec && objectAt(jobSpec, 'template');
  if (template) defaultPodTemplateSpec(template);
}
