/** apps/v1 ReplicaSet defaults. */
import { objectAt, setDefault, type JsonObject } from './json.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

export function defaultReplicaSet(replicaSet: JsonObject): void {
  const spec = objectAt(replicaSet, 'spec', true);
  setDefault(spec, 'replicas', 1);
  const template = objectAt(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}
