import type { FieldPath } from './field-set.js';

/** Fields server-side apply never records an owner for (upstream strips the same ones). */
const NEVER_TRACKED: readonly FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata', 'f:name'],
  ['f:metadata', 'f:namespace'],
  ['f:metadata', 'f:uid'],
  ['f:metadata', 'f:resourceVersion'],
  ['f:metadata', 'f:generation'],
  ['f:metadata', 'f:creationTimestamp'],
  ['f:metadata', 'f:selfLink'],
  ['f:metadata', 'f:managedFields'],
  ['f:metadata', 'f:deletionTimestamp'],
  ['f:metadata', 'f:deletionGracePeriodSeconds'],
];

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((el, i) => path[i] === el);
}

/**
 * Whether a path may be owned by a write to the main resource (everything but `status` and
 * server-set metadata) or to the `status` subresource (only `status`).
 */
export function isTracked(path: FieldPath, subresource?: string): boolean {
  if (NEVER_TRACKED.some((p) => startsWith(path, p))) return false;
  const inStatus = path[0] === 'f:status';
  return subresource === 'status' ? inStatus : !inStatus;
}
