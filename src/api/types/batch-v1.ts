/**
 * Type tables for batch/v1: Job and CronJob with their policies and status.
 * Field numbers follow upstream's batch/v1 generated.proto; apiVersion and kind are JSON only (0).
 */
import type { TypeRegistry } from './format.js';

export const BATCH_V1: TypeRegistry = {
  // --- Job ---
  'batch.v1.Job': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'batch.v1.JobSpec' }, 2, { description: 'Desired behaviour of the Job.' }],
    status: [{ ref: 'batch.v1.JobStatus' }, 3, { description: 'Last observed state, written by the controller.' }],
  },
  'batch.v1.JobList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'batch.v1.Job' } }, 2, { required: true }],
  },
  'batch.v1.JobSpec': {
    parallelism: ['int32', 1, { description: 'Most pods running at once.' }],
    completions: ['int32', 2, { description: 'Successful pods needed for the Job to complete.' }],
    activeDeadlineSeconds: ['int64', 3, { description: 'Seconds the Job may stay active before it is terminated.' }],
    podFailurePolicy: [{ ref: 'batch.v1.PodFailurePolicy' }, 11],
    successPolicy: [{ ref: 'batch.v1.SuccessPolicy' }, 16],
    backoffLimit: ['int32', 7, { description: 'Retries before the Job is marked failed; 6 when unset.' }],
    backoffLimitPerIndex: ['int32', 12, { description: 'Retries allowed per index of an Indexed Job.' }],
    maxFailedIndexes: ['int32', 13],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 4],
    manualSelector: ['bool', 5],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 6, { required: true, description: 'Pod run by the Job; restartPolicy must be Never or OnFailure.' }],
    ttlSecondsAfterFinished: ['int32', 8, { description: 'Seconds after finishing before the Job is deleted.' }],
    completionMode: ['string', 9, { enum: ['NonIndexed', 'Indexed'] }],
    suspend: ['bool', 10, { description: 'While true, no pods are created and running ones are removed.' }],
    podReplacementPolicy: ['string', 14, { enum: ['TerminatingOrFailed', 'Failed'] }],
    managedBy: ['string', 15, { description: 'Controller in charge of this Job; unset means the built-in one.' }],
  },
  'batch.v1.PodFailurePolicy': {
    rules: [{ list: { ref: 'batch.v1.PodFailurePolicyRule' } }, 1, { required: true, listType: 'atomic' }],
  },
  'batch.v1.PodFailurePolicyRule': {
    action: ['string', 1, { required: true, enum: ['FailJob', 'FailIndex', 'Ignore', 'Count'] }],
    onExitCodes: [{ ref: 'batch.v1.PodFailurePolicyOnExitCodesRequirement' }, 2],
    onPodConditions: [{ list: { ref: 'batch.v1.PodFailurePolicyOnPodConditionsPattern' } }, 3, { listType: 'atomic' }],
  },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': {
    containerName: ['string', 1],
    operator: ['string', 2, { required: true, enum: ['In', 'NotIn'] }],
    values: [{ list: 'int32' }, 3, { required: true, listType: 'set' }],
  },
  'batch.v1.PodFailurePolicyOnPodConditionsPattern': {
    type: ['string', 1, { required: true }],
    status: ['string', 2],
  },
  'batch.v1.SuccessPolicy': {
    rules: [{ list: { ref: 'batch.v1.SuccessPolicyRule' } }, 1, { required: true, listType: 'atomic' }],
  },
  'batch.v1.SuccessPolicyRule': {
    succeededIndexes: ['string', 1, { description: 'Indexes that must succeed, e.g. "1,3-5,7".' }],
    succeededCount: ['int32', 2],
  },
  'batch.v1.JobStatus': {
    conditions: [{ list: { ref: 'batch.v1.JobCondition' } }, 1, { mergeKey: 'type', patchStrategy: 'merge', listType: 'atomic' }],
    startTime: ['time', 2],
    completionTime: ['time', 3],
    active: ['int32', 4],
    succeeded: ['int32', 5],
    failed: ['int32', 6],
    terminating: ['int32', 11],
    completedIndexes: ['string', 7],
    failedIndexes: ['string', 10],
    uncountedTerminatedPods: [{ ref: 'batch.v1.UncountedTerminatedPods' }, 8],
    ready: ['int32', 9],
  },
  'batch.v1.JobCondition': {
    type: ['string', 1, { required: true }],
    status: ['string', 2, { required: true }],
    lastProbeTime: ['time', 3],
    lastTransitionTime: ['time', 4],
    reason: ['string', 5],
    message: ['string', 6],
  },
  'batch.v1.UncountedTerminatedPods': {
    succeeded: [{ list: 'string' }, 1, { listType: 'set' }],
    failed: [{ list: 'string' }, 2, { listType: 'set' }],
  },

  // --- CronJob ---
  'batch.v1.CronJob': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'batch.v1.CronJobSpec' }, 2],
    status: [{ ref: 'batch.v1.CronJobStatus' }, 3],
  },
  'batch.v1.CronJobList': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    metadata: [{ ref: 'meta.v1.ListMeta' }, 1],
    items: [{ list: { ref: 'batch.v1.CronJob' } }, 2, { required: true }],
  },
  'batch.v1.CronJobSpec': {
    schedule: ['string', 1, { required: true, description: 'Cron expression, e.g. "*/5 * * * *".' }],
    timeZone: ['string', 8, { description: 'IANA time zone for the schedule; the controller host zone when unset.' }],
    startingDeadlineSeconds: ['int64', 2],
    concurrencyPolicy: ['string', 3, { enum: ['Allow', 'Forbid', 'Replace'] }],
    suspend: ['bool', 4],
    jobTemplate: [{ ref: 'batch.v1.JobTemplateSpec' }, 5, { required: true }],
    successfulJobsHistoryLimit: ['int32', 6],
    failedJobsHistoryLimit: ['int32', 7],
  },
  'batch.v1.CronJobStatus': {
    active: [{ list: { ref: 'core.v1.ObjectReference' } }, 1, { listType: 'atomic' }],
    lastScheduleTime: ['time', 4],
    lastSuccessfulTime: ['time', 5],
  },
  'batch.v1.JobTemplateSpec': {
    metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1],
    spec: [{ ref: 'batch.v1.JobSpec' }, 2],
  },
};
