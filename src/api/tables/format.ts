/** Shared column definitions and cell formatting for the printers. */

import { labelSelectorFromObject } from '../selectors/index.js';
import { since } from './human-duration.js';
import type { Obj, TableColumnDefinition } from './types.js';

export function column(
  name: string,
  type: TableColumnDefinition['type'],
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COLUMN = column('Name', 'string', 'Name of the object, unique within its namespace and kind.', 0, 'name');
export const AGE_COLUMN = column('Age', 'string', 'Time since the object was created (metadata.creationTimestamp).');
export const CONTAINERS_COLUMN = column('Containers', 'string', 'Names of each container in the template.', 1);
export const IMAGES_COLUMN = column('Images', 'string', 'Images referenced by each container in the template.', 1);
export const SELECTOR_COLUMN = column('Selector', 'string', 'Label query over the pods this object manages.', 1);

export function name(obj: Obj): string {
  return String(obj.metadata?.name ?? '');
}

export function age(obj: Obj, now: number): string {
  return since(obj.metadata?.creationTimestamp, now);
}

export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** `k=v,k2=v2` sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** A metav1.LabelSelector's string form; `<none>` when empty or absent, `<error>` when invalid. */
export function formatLabelSelector(sel: unknown): string {
  try {
    const s = labelSelectorFromObject(sel as Parameters<typeof labelSelectorFromObject>[0]).toString();
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

/** Comma-joined container names and images of a pod spec. */
export function containerCells(podSpec: Obj | undefined): [string, string] {
  const containers: Obj[] = Array.isArray(podSpec?.containers) ? podSpec!.containers : [];
  return [containers.map((c) => String(c.name ?? '')).join(','), containers.map((c) => String(c.image ?? '')).join(',')];
}

/** Up to `max` items joined with `,`, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}
