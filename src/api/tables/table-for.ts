/**
 * The meta.k8s.io/v1 Table kubectl asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`).
 * Every column is returned; those with priority 1 are the ones kubectl shows only under `-o wide`.
 */

import type { ResourceInfo } from '../kinds.js';
import { printerFor } from './printers.js';
import type { Obj, Table, TableRow } from './types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** Accepted for symmetry with kubectl; the table always carries the wide columns. */
  wide?: boolean;
  /** Milliseconds since the epoch that ages are measured to. */
  now: number;
  /** What each row carries in `object` (the `?includeObject=` parameter); default Metadata. */
  includeObject?: IncludeObject;
}

function rowObject(obj: Obj, include: IncludeObject): unknown {
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

/**
 * A Table of `objects` with `kindInfo`'s columns. The caller sets `metadata.resourceVersion`
 * and `metadata.continue`.
 */
export function tableFor(kindInfo: Pick<ResourceInfo, 'group' | 'resource'>, objects: readonly Obj[], options: TableOptions): Table {
  const printer = printerFor(kindInfo);
  const include = options.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, options.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    if (include !== 'None') row.object = rowObject(obj, include);
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
