/** batch/v1 Job defaults. */
import { isObject, objectAt, objectsAt, setDefault, type JsonObject } from './json.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

const MAX_INT32 = 2147483647;

export function defaultJob(job: JsonObject): void {
  const spec = objectAt(job, 'spec', true);
  if (isNil(spec.completions) && isNil(spec.parallelism)) spec.completions = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', isNil(spec.backoffLimitPerIndex) ? 6 : MAX_INT32);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const failurePolicy = objectAt(spec, 'podFailurePolicy');
  if (failurePolicy) {
    for (const rule of objectsAt(failurePolicy, 'rules')) {
      for (const pattern of objectsAt(rule, 'onPodConditions')) setDefault(pattern, 'status', 'True');
    }
  }
  setDefault(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  const template = objectAt(spec, 'template');
  if (template) {
    defaultPodTemplateSpec(template);
    copyTemplateLabels(job, template);
  }
}

/** A Job without labels takes its pod template's (upstream does this in its defaulting). */
export function copyTemplateLabels(job: JsonObject, template: JsonObject): void {
  const templateLabels = objectAt(template, 'metadata')?.labels;
  if (!isObject(templateLabels)) return;
  const metadata = objectAt(job, 'metadata', true);
  if (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0) metadata.labels = { ...templateLabels };
}

function isNil(value: unknown): boolean {
  return value === undefined || value === null;
}
