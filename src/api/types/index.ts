/**
 * The type tables of every kind mk8s serves, one registry keyed "<group>.<version>.<Type>".
 * See ./format.ts for the table shape and ./core-v1-helpers.ts for inlined structs
 * (keys starting with INLINE_PREFIX; their JSON fields carry proto number 0).
 */
import type { TypeRegistry, TypeTable } from './format.js';
import { APPS_V1 } from './apps-v1.js';
import { AUTOSCALING } from './autoscaling.js';
import { BATCH_V1 } from './batch-v1.js';
import { COORDINATION_V1 } from './coordination-v1.js';
import { CORE_V1 } from './core-v1.js';
import { INLINE_PREFIX } from './core-v1-helpers.js';
import { DISCOVERY_V1 } from './discovery-v1.js';
import { EVENTS_V1 } from './events-v1.js';
import { META_V1 } from './meta-v1.js';

export * from './format.js';
export { INLINE_PREFIX } from './core-v1-helpers.js';
export { lookupField } from './lookup-field.js';
export { CORE_V1, META_V1 };

export const TYPES: TypeRegistry = {
  ...APPS_V1,
  ...BATCH_V1,
  ...COORDINATION_V1,
  ...DISCOVERY_V1,
  ...AUTOSCALING,
  ...EVENTS_V1,
  ...META_V1,
  ...CORE_V1,
};

/** True for the entry that stands for an inlined struct on the protobuf wire. */
export function isInlineField(name: string): boolean {
  return name.startsWith(INLINE_PREFIX);
}

/** The table as JSON sees it: inlined-struct entries left out. */
export function jsonFields(table: TypeTable): TypeTable {
  return Object.fromEntries(Object.entries(table).filter(([name]) => !isInlineField(name)));
}

/** The table as protobuf sees it: JSON-only fields (number 0) left out, inlined structs kept. */
export function protoFields(table: TypeTable): TypeTable {
  return Object.fromEntries(Object.entries(table).filter(([, field]) => field[1] > 0));
}
