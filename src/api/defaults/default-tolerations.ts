/**
 * Upstream's DefaultTolerationSeconds admission: pods tolerate the NoExecute not-ready and
 * unreachable taints for a while (300 s) unless they already tolerate them.
 */
import { objectsAt, type JsonObject } from './json.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

export function addDefaultTolerations(spec: JsonObject, notReadySeconds = DEFAULT_TOLERATION_SECONDS, unreachableSeconds = DEFAULT_TOLERATION_SECONDS): void {
  const existing = objectsAt(spec, 'tolerations');
  const tolerates = (taint: string): boolean =>
    existing.some((t) => (isEmpty(t.key) || t.key === taint) && (isEmpty(t.effect) || t.effect === 'NoExecute'));
  const added: JsonObject[] = [];
  if (!tolerates(NOT_READY_TAINT)) added.push(toleration(NOT_READY_TAINT, notReadySeconds));
  if (!tolerates(UNREACHABLE_TAINT)) added.push(toleration(UNREACHABLE_TAINT, unreachableSeconds));
  if (added.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

function toleration(key: string, seconds: number): JsonObject {
  return { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
