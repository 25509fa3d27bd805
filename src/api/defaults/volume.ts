/** Pod volume defaults: file modes 0644 (420), hostPath type "", projected token expiry, emptyDir when no source. */
import { defaultFieldRefs } from './container.js';
import { objectAt, objectsAt, setDefault, type JsonObject } from './json.js';
import { defaultPersistentVolumeClaimSpec } from './persistent-volume-claim.js';

const DEFAULT_MODE = 420;

export function defaultVolume(volume: JsonObject): void {
  const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== undefined && volume[k] !== null);
  if (sources.length === 0) volume.emptyDir = {};
  for (const key of ['configMap', 'secret']) {
    const source = objectAt(volume, key);
    if (source) setDefault(source, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = objectAt(volume, 'hostPath');
  if (hostPath && hostPath.type === undefined) hostPath.type = '';
  const downwardAPI = objectAt(volume, 'downwardAPI');
  if (downwardAPI) {
    setDefault(downwardAPI, 'defaultMode', DEFAULT_MODE);
    for (const item of objectsAt(downwardAPI, 'items')) defaultFieldRefs(item);
  }
  const projected = objectAt(volume, 'projected');
  if (projected) {
    setDefault(projected, 'defaultMode', DEFAULT_MODE);
    for (const source of objectsAt(projected, 'sources')) {
      const token = objectAt(source, 'serviceAccountToken');
      if (token) setDefault(token, 'expirationSeconds', 3600);
      const api = objectAt(source, 'downwardAPI');
      if (api) for (const item of objectsAt(api, 'items')) defaultFieldRefs(item);
    }
  }
  const ephemeral = objectAt(volume, 'ephemeral');
  const claimSpec = ephemeral && objectAt(ephemeral, 'volumeClaimTemplate') && objectAt(objectAt(ephemeral, 'volumeClaimTemplate')!, 'spec');
  if (claimSpec) defaultPersistentVolumeClaimSpec(claimSpec);
}
