/** Printers for apps/v1 kinds. */

import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  SELECTOR_COLUMN,
  age,
  column,
  containerCells,
  formatLabels,
  formatLabelSelector,
  int,
  name,
} from './format.js';
import { labelSelectorFromObject } from '../selectors/index.js';
import type { Obj, Printer } from './types.js';

function replicas(obj: Obj): number {
  // spec.replicas defaults to 1 on create; read an absent one the same way.
  return typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
}

function selectorString(sel: unknown): string {
  try {
    return labelSelectorFromObject(sel as Parameters<typeof labelSelectorFromObject>[0]).toString();
  } catch {
    return '<invalid>';
  }
}

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready replicas out of desired.'),
    column('Up-to-date', 'string', 'Replicas updated to the latest pod template.'),
    column('Available', 'string', 'Replicas available to serve.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(d, now) {
    const [containers, images] = containerCells(d.spec?.template?.spec);
    return [
      name(d),
      `${int(d.status?.readyReplicas)}/${replicas(d)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(d, now),
      containers,
      images,
      selectorString(d.spec?.selector),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Desired number of replicas.'),
    column('Current', 'integer', 'Number of replicas that exist.'),
    column('Ready', 'integer', 'Number of ready replicas.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(rs, now) {
    const [containers, images] = containerCells(rs.spec?.template?.spec);
    return [
      name(rs),
      replicas(rs),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      age(rs, now),
      containers,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Number of nodes that should run the daemon pod.'),
    column('Current', 'integer', 'Number of nodes running at least one daemon pod.'),
    column('Ready', 'integer', 'Number of nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'Number of nodes running the updated daemon pod.'),
    column('Available', 'integer', 'Number of nodes whose daemon pod is available.'),
    column('Node Selector', 'string', 'Node labels the daemon pods are restricted to.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(ds, now) {
    const s = ds.status ?? {};
    const [containers, images] = containerCells(ds.spec?.template?.spec);
    return [
      name(ds),
      int(s.desiredNumberScheduled),
      int(s.currentNumberScheduled),
      int(s.numberReady),
      int(s.updatedNumberScheduled),
      int(s.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, now),
      containers,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, column('Ready', 'string', 'Ready replicas out of desired.'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(sts, now) {
    const [containers, images] = containerCells(sts.spec?.template?.spec);
    return [name(sts), `${int(sts.status?.readyReplicas)}/${replicas(sts)}`, age(sts, now), containers, images];
  },
};

/** `<kind>.<group>/<name>` (lower-case) of the controlling owner, or `<none>`. */
function controllerOf(obj: Obj): string {
  const refs: Obj[] = Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences : [];
  const ref = refs.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = String(ref.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = String(ref.kind ?? '');
  if (!kind && !group) return String(ref.name ?? '');
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'The controller that owns this revision.'),
    column('Revision', 'string', 'The revision number.'),
    AGE_COLUMN,
  ],
  cells: (cr, now) => [name(cr), controllerOf(cr), int(cr.revision), age(cr, now)],
};
