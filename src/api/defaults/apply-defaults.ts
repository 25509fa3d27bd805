/**
 * Upstream's defaults for a served kind: what `kubectl get -o yaml` shows after a create on a
 * real cluster (scheme defaulting plus the defaults of the create strategies and admission
 * plugins a default cluster runs). Returns a new object; user-given values are kept.
 */
import type { ResourceInfo } from '../kinds.js';
import { defaultCronJob } from './cron-job.js';
import { defaultDaemonSet } from './daemon-set.js';
import { defaultDeployment } from './deployment.js';
import { defaultEndpointSlice, defaultEndpoints } from './endpoints.js';
import { defaultHorizontalPodAutoscalerV1, defaultHorizontalPodAutoscalerV2 } from './horizontal-pod-autoscaler.js';
import { defaultJob } from './job.js';
import { cloneJson, isObject, type JsonObject } from './json.js';
import { defaultNamespace } from './namespace.js';
import type { DefaultsOptions } from './options.js';
import { defaultPersistentVolumeClaim } from './persistent-volume-claim.js';
import { defaultPod } from './pod.js';
import { defaultPodTemplateSpec } from './pod-spec.js';
import { defaultReplicaSet } from './replica-set.js';
import { defaultSecret } from './secret.js';
import { defaultService } from './service.js';
import { defaultStatefulSet } from './stateful-set.js';

type Defaulter = (obj: JsonObject, options: DefaultsOptions) => void;

/** Keyed by `<group or "core">/<version>/<Kind>`. */
const DEFAULTERS: Record<string, Defaulter> = {
  'core/v1/Pod': defaultPod,
  'core/v1/PodTemplate': (obj) => { if (isObject(obj.template)) defaultPodTemplateSpec(obj.template); },
  'core/v1/Service': defaultService,
  'core/v1/Namespace': defaultNamespace,
  'core/v1/Secret': defaultSecret,
  'core/v1/Endpoints': defaultEndpoints,
  'core/v1/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHorizontalPodAutoscalerV2,
  'autoscaling/v1/HorizontalPodAutoscaler': defaultHorizontalPodAutoscalerV1,
};

export type KindRef = Pick<ResourceInfo, 'group' | 'version' | 'kind'>;

/** True when mk8s knows defaults for the kind (others come back as plain copies). */
export function hasDefaults(kindInfo: KindRef): boolean {
  return defaulterKey(kindInfo) in DEFAULTERS;
}

export function applyDefaults<T>(kindInfo: KindRef, obj: T, options: DefaultsOptions = {}): T {
  return applyDefaultsInPlace(kindInfo, cloneJson(obj), options);
}

/** applyDefaults on an object the caller owns (a private copy): changed in place and returned. */
export function applyDefaultsInPlace<T>(kindInfo: KindRef, obj: T, options: DefaultsOptions = {}): T {
  const defaulter = DEFAULTERS[defaulterKey(kindInfo)];
  if (defaulter && isObject(obj)) defaulter(obj, options);
  return obj;
}

function defaulterKey(kindInfo: KindRef): string {
  return `${kindInfo.group === '' ? 'core' : kindInfo.group}/${kindInfo.version}/${kindInfo.kind}`;
}
