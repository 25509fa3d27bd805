/** Server-side tables for `kubectl get`: column sets and cells per kind, as upstream prints them. */

export { tableFor } from './table-for.js';
export type { IncludeObject, TableOptions } from './table-for.js';
export type { Cell, Table, TableColumnDefinition, TableRow, TableRowCondition } from './types.js';
export { humanDuration } from './human-duration.js';
export { printerFor } from './printers.js';
export { podSummary } from './pod-printer.js';
export type { PodSummary } from './pod-printer.js';
