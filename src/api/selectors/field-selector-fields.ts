/**
 * The fields each kind supports in a field selector, as upstream: metadata.name and
 * metadata.namespace everywhere, plus a few per kind.
 */

import type { ResourceInfo } from '../kinds.js';

const COMMON = ['metadata.name', 'metadata.namespace'] as const;

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Keyed by `group/resource` (core group empty). */
const EXTRA: Record<string, readonly string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/events': EVENT_FIELDS,
  // events.k8s.io shares the core events storage, and with it the selectable fields.
  'events.k8s.io/events': EVENT_FIELDS,
  '/secrets': ['type'],
  '/nodes': ['spec.unschedulable'],
  '/namespaces': ['status.phase'],
  '/services': ['spec.clusterIP', 'spec.type'],
  'batch/jobs': ['status.successful'],
  'apps/replicasets': ['status.replicas'],
};

/** The field labels `kindInfo`'s resource accepts in `?fieldSelector=`. */
export function fieldSelectorFields(kindInfo: Pick<ResourceInfo, 'group' | 'resource'>): string[] {
  return [...COMMON, ...(EXTRA[`${kindInfo.group}/${kindInfo.resource}`] ?? [])];
}
