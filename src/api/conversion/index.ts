import type { ResourceInfo } from '../kinds.js';
import { coreToEventsV1, eventsV1ToCore } from './events.js';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa.js';

type Obj = Record<string, any>;

export interface Conversion {
  /** The served version whose objects are stored as another. */
  group: string;
  version: string;
  resource: string;
  /** The stored version. */
  storageGroup: string;
  storageVersion: string;
  toStorage(obj: Obj): Obj;
  fromStorage(obj: Obj): Obj;
}

/** Versions served from another version's storage, as upstream shares them. */
export const CONVERSIONS: readonly Conversion[] = [
  { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', storageGroup: 'autoscaling', storageVersion: 'v2', toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', storageGroup: '', storageVersion: 'v1', toStorage: eventsV1ToCore, fromStorage: coreToEventsV1 },
];

export function conversionFor(info: ResourceInfo): Conversion | undefined {
  return CONVERSIONS.find((c) => c.group === info.group && c.version === info.version && c.resource === info.resource);
}

export { hpaV1ToV2, hpaV2ToV1, eventsV1ToCore, coreToEventsV1 };
