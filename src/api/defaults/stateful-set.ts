/** apps/v1 StatefulSet defaults, including its volume claim templates. */
import { objectAt, objectsAt, setDefault, type JsonObject } from './json.js';
import { defaultPersistentVolumeClaim } from './persistent-volume-claim.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

export function defaultStatefulSet(statefulSet: JsonObject): void {
  const spec = objectAt(statefulSet, 'spec', true);
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = objectAt(spec, 'updateStrategy', true);
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(objectAt(strategy, 'rollingUpdate', true), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = objectAt(spec, 'persistentVolumeClaimRetentionPolicy', true);
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  const template = objectAt(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
  for (const claim of objectsAt(spec, 'volumeClaimTemplates')) defaultPersistentVolumeClaim(claim);
}
