/** PodSpec defaults shared by pods and every pod template (Deployment, Job, ...). */
import { defaultContainer } from './container.js';
import { objectAt, objectsAt, setDefault, type JsonObject } from './json.js';
import { defaultVolume } from './volume.js';

export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  objectAt(spec, 'securityContext', true);
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const container of objectsAt(spec, key)) defaultContainer(container);
  }
  for (const volume of objectsAt(spec, 'volumes')) defaultVolume(volume);
  // v1 keeps the deprecated serviceAccount field equal to serviceAccountName.
  const account = [spec.serviceAccountName, spec.serviceAccount].find((v) => typeof v === 'string' && v !== '');
  if (account !== undefined) {
    spec.serviceAccountName = account;
    spec.serviceAccount = account;
  }
}

/** A pod template: only its spec is defaulted (no admission defaults, unlike a Pod). */
export function defaultPodTemplateSpec(template: JsonObject): void {
  defaultPodSpec(objectAt(template, 'spec', true));
}
