/**
 * Go's protobuf marshalling writes every non-pointer scalar, so a decoded body carries
 * `""`, `0` and `false` for fields the client never set; a Go server would drop them again
 * (omitempty). Optional fields whose zero value means something are pointers in Go and are
 * only sent when set: those keep their zero.
 */
const POINTER_FIELDS = new Set([
  'replicas', 'parallelism', 'completions', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes',
  'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'minReplicas', 'ttlSecondsAfterFinished',
  'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend',
  'automountServiceAccountToken', 'privileged', 'readOnlyRootFilesystem', 'runAsNonRoot', 'runAsUser',
  'runAsGroup', 'allowPrivilegeEscalation', 'expirationSeconds', 'immutable', 'optional', 'enableServiceLinks',
  'shareProcessNamespace', 'setHostnameAsFQDN', 'hostUsers', 'defaultMode', 'mode', 'revisionHistoryLimit',
  'progressDeadlineSeconds', 'priority', 'deletionGracePeriodSeconds', 'manualSelector',
  'allocateLoadBalancerNodePorts', 'gracePeriodSeconds', 'orphanDependents', 'fsGroup', 'partition',
  'maxUnavailable', 'maxSurge', 'minReadySeconds', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds',
  'successThreshold', 'failureThreshold', 'seconds', 'sizeLimit', 'leaseDurationSeconds', 'leaseTransitions',
  'ready', 'serving', 'terminating', 'port', 'weight', 'controller', 'blockOwnerDeletion',
]);

type Json = unknown;

export function pruneGoZeroValues(value: Json): Json {
  if (Array.isArray(value)) return value.map(pruneGoZeroValues);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value as Record<string, Json>)) {
    if (v === '' || ((v === 0 || v === false) && !POINTER_FIELDS.has(key))) continue;
    out[key] = pruneGoZeroValues(v);
  }
  return out;
}
