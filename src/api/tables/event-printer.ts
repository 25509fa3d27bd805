/**
 * Events (core v1 and events.k8s.io/v1, which upstream prints alike): Last Seen, Type, Reason,
 * Object (`pod/web-1`), Message; wide: Subobject, Source, First Seen, Count, Name.
 * Unlike other kinds the first column is Last Seen, and Name comes last.
 */

import { column } from './format.js';
import { since } from './human-duration.js';
import type { Cell, Obj, Printer } from './types.js';

/** An events.k8s.io/v1 Event read in the core v1 shape (fields this printer uses). */
export function asCoreEvent(ev: Obj): Obj {
  if (ev.involvedObject || !(ev.regarding || ev.note !== undefined || ev.deprecatedCount !== undefined)) return ev;
  return {
    metadata: ev.metadata,
    involvedObject: ev.regarding ?? {},
    reason: ev.reason,
    message: ev.note,
    type: ev.type,
    count: ev.deprecatedCount,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    source: ev.deprecatedSource,
    eventTime: ev.eventTime,
    series: ev.series,
    reportingComponent: ev.reportingController,
    reportingInstance: ev.reportingInstance,
  };
}

function eventSource(ev: Obj): string {
  const component = ev.source?.component || ev.reportingComponent || ev.reportingController || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

function eventCells(ev: Obj, now: number): Cell[] {
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  let count = typeof ev.count === 'number' ? ev.count : 0;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now);
    count = typeof ev.series.count === 'number' ? ev.series.count : 0;
  } else if (count === 0) {
    count = 1;
  }
  const kind = String(ev.involvedObject?.kind ?? '').toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  return [
    last,
    String(ev.type ?? ''),
    String(ev.reason ?? ''),
    target,
    String(ev.involvedObject?.fieldPath ?? ''),
    eventSource(ev),
    String(ev.message ?? '').trim(),
    first,
    count,
    String(ev.metadata?.name ?? ''),
  ];
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'When the event was last observed.'),
    column('Type', 'string', 'Type of the event: Normal or Warning.'),
    column('Reason', 'string', 'Short, machine-readable reason for the event.'),
    column('Object', 'string', 'The object the event is about.'),
    column('Subobject', 'string', 'The part of the object the event is about (involvedObject.fieldPath).', 1),
    column('Source', 'string', 'The component that reported the event.', 1),
    column('Message', 'string', 'Human-readable description of the event.'),
    column('First Seen', 'string', 'When the event was first observed.', 1),
    column('Count', 'string', 'How many times the event occurred.', 1),
    column('Name', 'string', 'Name of the event.', 1, 'name'),
  ],
  cells: (ev, now) => eventCells(asCoreEvent(ev), now),
};
