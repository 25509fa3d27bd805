/**
 * Workload rules (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob): selector
 * present where upstream requires it and matching the template labels, counts not negative,
 * the pod template's own rules.
 */
import type { StatusCause } from '../../errors.js';
import { child, formatStringMap, invalid, invalidPrinted, required } from './causes.js';
import { isEmptySelector, selectorMatches, type LabelSelectorLike } from './label-selector-match.js';
import { validateObjectMeta } from './validate-meta.js';
import { validatePodSpec } from './validate-pod-spec.js';

type Obj = Record<string, unknown>;

function asObject(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function nonNegative(spec: Obj, field: string, path: string): StatusCause[] {
  const value = spec[field];
  if (typeof value === 'number' && value < 0) return [invalid(child(path, field), value, 'must be greater than or equal to 0')];
  return [];
}

/** The pod template at `path`: its labels/annotations and pod spec; the selector must match. */
export function validatePodTemplate(template: unknown, selector: LabelSelectorLike | undefined, path: string): StatusCause[] {
  const t = asObject(template);
  if (!t) return [required(path)];
  const causes: StatusCause[] = [];
  const meta = asObject(t.metadata) ?? {};
  const labels = asObject(meta.labels);
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, labels)) {
    causes.push(invalidPrinted(child(path, 'metadata.labels'), formatStringMap(labels), '`selector` does not match template `labels`'));
  }
  causes.push(...validateObjectMeta(t.metadata, child(path, 'metadata')));
  causes.push(...validatePodSpec(t.spec, child(path, 'spec')));
  return causes;
}

/** Kinds whose apps/v1 spec requires a non-empty selector. */
const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

/** `spec` of a workload `kind`, found at `path` (usually `spec`). */
export function validateWorkloadSpec(kind: string, spec: unknown, path: string): StatusCause[] {
  const s = asObject(spec);
  if (!s) return [required(path)];
  const causes: StatusCause[] = [];
  if (kind === 'CronJob') {
    const jobTemplate = asObject(s.jobTemplate);
    if (!jobTemplate) return [required(child(path, 'jobTemplate'))];
    return validateWorkloadSpec('Job', jobTemplate.spec, child(path, 'jobTemplate.spec'));
  }
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds']) {
    causes.push(...nonNegative(s, field, path));
  }
  const selector = asObject(s.selector) as LabelSelectorLike | undefined;
  if (SELECTOR_REQUIRED.has(kind)) {
    if (!selector) {
      causes.push(required(child(path, 'selector')));
    } else if (isEmptySelector(selector)) {
      causes.push(invalid(child(path, 'selector'), selector, `empty selector is invalid for ${kind === 'Deployment' ? 'deployment' : kind.toLowerCase()}`));
    }
  }
  causes.push(...validatePodTemplate(s.template, selector, child(path, 'template')));
  return causes;
}
