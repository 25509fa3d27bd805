/** The meta.k8s.io/v1 Table shapes, and the printer interface each kind implements. */

export type Cell = string | number | boolean;

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; otherwise shown by kubectl only under `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** An API object as stored (JSON), read loosely: printers tolerate any missing field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /** One cell per column, in column order. */
  cells(obj: Obj, now: number): Cell[];
  conditions?(obj: Obj): TableRowCondition[] | undefined;
}
