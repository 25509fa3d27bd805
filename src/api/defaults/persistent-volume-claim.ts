/** PersistentVolumeClaim defaults, as used in StatefulSet claim templates and ephemeral volumes. */
import { objectAt, setDefault, type JsonObject } from './json.js';

export function defaultPersistentVolumeClaimSpec(spec: JsonObject): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}

/** A whole claim (or claim template with status): spec defaults and status.phase Pending. */
export function defaultPersistentVolumeClaim(claim: JsonObject): void {
  defaultPersistentVolumeClaimSpec(objectAt(claim, 'spec', true));
  setDefault(objectAt(claim, 'status', true), 'phase', 'Pending');
}
