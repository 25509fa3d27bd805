/** Upstream's defaults for the kinds mk8s serves. */
export { applyDefaults, applyDefaultsInPlace, hasDefaults, type KindRef } from './apply-defaults.js';
export { applyJobSelector, JOB_LABELS } from './job-selector.js';
export type { DefaultsOptions } from './options.js';
export { defaultImagePullPolicy, imageTag } from './image-pull-policy.js';
export { addDefaultTolerations, NOT_READY_TAINT, UNREACHABLE_TAINT, DEFAULT_TOLERATION_SECONDS } from './default-tolerations.js';
export { NAMESPACE_NAME_LABEL } from './namespace.js';
