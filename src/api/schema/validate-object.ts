/**
 * The rules the schema cannot say, per kind: name syntax, labels and annotations, pod specs,
 * service ports, config data, workload selectors. Run after defaulting, as upstream does.
 */
import type { StatusCause } from '../../errors.js';
import type { ResourceInfo } from '../kinds.js';
import { child, index } from './causes.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, maxLenError } from './name-rules.js';
import { validateConfigMapData, validateSecretData } from './validate-config-data.js';
import { validateObjectMeta, type NameRule } from './validate-meta.js';
import { validatePodSpec } from './validate-pod-spec.js';
import { validateServiceSpec } from './validate-service.js';
import { validateWorkloadSpec } from './validate-workload.js';

type Obj = Record<string, unknown>;

/** CronJob names leave room for the 11-character suffix of the Jobs they create. */
const CRONJOB_NAME_MAX = 52;

const cronJobName: NameRule = (name) => {
  const errs = isDns1123Subdomain(name);
  if (name.length > CRONJOB_NAME_MAX) errs.push(maxLenError(CRONJOB_NAME_MAX));
  return errs;
};

/** The name rule of a kind, as upstream's ValidateXName functions choose. */
export function nameRuleFor(kind: string): NameRule {
  switch (kind) {
    case 'Namespace':
      return isDns1123Label;
    case 'Service':
      return isDns1035Label;
    case 'CronJob':
      return cronJobName;
    default:
      return isDns1123Subdomain;
  }
}

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']);

/** All rule violations of `obj`, a `kindInfo.kind` object; empty when valid. */
export function validateObject(kindInfo: ResourceInfo, obj: unknown): StatusCause[] {
  const o = obj !== null && typeof obj === 'object' ? (obj as Obj) : {};
  const causes = validateObjectMeta(o.metadata, 'metadata', nameRuleFor(kindInfo.kind));
  switch (kindInfo.kind) {
    case 'Pod':
      causes.push(...validatePodSpec(o.spec, 'spec'));
      break;
    case 'Service':
      causes.push(...validateServiceSpec(o.spec, 'spec'));
      break;
    case 'ConfigMap':
      causes.push(...validateConfigMapData(o));
      break;
    case 'Secret':
      causes.push(...validateSecretData(o));
      break;
    default:
      if (WORKLOADS.has(kindInfo.kind)) causes.push(...validateWorkloadSpec(kindInfo.kind, o.spec, 'spec'));
  }
  return causes;
}

