/**
 * Pod defaults: the PodSpec defaults, the ones upstream applies to Pods only (service links,
 * requests from limits, host ports under hostNetwork) and, on create, its admission plugins'
 * (service account, priority, preemption policy, NoExecute tolerations).
 */
import { DEFAULT_TOLERATION_SECONDS, addDefaultTolerations } from './default-tolerations.js';
import { isObject, objectAt, objectsAt, setDefault, type JsonObject } from './json.js';
import type { DefaultsOptions } from './options.js';
import { defaultPodSpec } from './pod-spec.js';

/** Built-in priority classes every cluster has. */
const SYSTEM_PRIORITIES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export function defaultPod(pod: JsonObject, options: DefaultsOptions = {}): void {
  const spec = objectAt(pod, 'spec', true);
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  for (const key of ['containers', 'initContainers']) {
    for (const container of objectsAt(spec, key)) {
      requestsFromLimits(container);
      if (spec.hostNetwork === true) {
        for (const port of objectsAt(container, 'ports')) {
          if (port.hostPort === undefined || port.hostPort === 0) port.hostPort = port.containerPort;
        }
      }
    }
  }
  if ((options.operation ?? 'create') !== 'create') return;
  if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  if (spec.priority === undefined || spec.priority === null) {
    spec.priority = SYSTEM_PRIORITIES[String(spec.priorityClassName ?? '')] ?? 0;
  }
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  addDefaultTolerations(
    spec,
    options.notReadyTolerationSeconds ?? DEFAULT_TOLERATION_SECONDS,
    options.unreachableTolerationSeconds ?? DEFAULT_TOLERATION_SECONDS,
  );
}

function requestsFromLimits(container: JsonObject): void {
  const resources = objectAt(container, 'resources');
  const limits = resources && objectAt(resources, 'limits');
  if (!resources || !limits) return;
  const requests = isObject(resources.requests) ? resources.requests : (resources.requests = {});
  for (const [name, quantity] of Object.entries(limits)) {
    if (!(name in requests)) requests[name] = quantity;
  }
}
