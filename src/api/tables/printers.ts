/**
 * The printer of each served resource, keyed `group/resource`, and the fallback (Name, Created At)
 * upstream uses for kinds without one.
 */

import type { ResourceInfo } from '../kinds.js';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps-printers.js';
import { cronJobPrinter, jobPrinter } from './batch-printers.js';
import {
  configMapPrinter,
  endpointsPrinter,
  namespacePrinter,
  nodePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core-printers.js';
import { eventPrinter } from './event-printer.js';
import { NAME_COLUMN, column, name } from './format.js';
import { endpointSlicePrinter, hpaPrinter, leasePrinter } from './misc-printers.js';
import { podPrinter } from './pod-printer.js';
import type { Printer } from './types.js';

const PRINTERS: Record<string, Printer> = {
  '/namespaces': namespacePrinter,
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'autoscaling/horizontalpodautoscalers': hpaPrinter,
};

/** Name and creation time (RFC 3339), for resources without a dedicated printer. */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, column('Created At', 'date', 'When the object was created (metadata.creationTimestamp).')],
  cells: (obj) => [name(obj), String(obj.metadata?.creationTimestamp ?? '')],
};

/** The printer for a resource, or the default one. */
export function printerFor(kindInfo: Pick<ResourceInfo, 'group' | 'resource'>): Printer {
  return PRINTERS[`${kindInfo.group}/${kindInfo.resource}`] ?? defaultPrinter;
}
