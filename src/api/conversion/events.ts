type Obj = Record<string, any>;

/** Drops undefined members so converted objects carry only what was set. */
function compact(obj: Obj): Obj {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** events.k8s.io/v1 → core/v1 Event (the stored version), field for field as upstream maps them. */
export function eventsV1ToCore(e: Obj): Obj {
  return compact({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    related: e.related,
    reason: e.reason,
    message: e.note,
    type: e.type,
    action: e.action,
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
  });
}

/** core/v1 Event → events.k8s.io/v1. */
export function coreToEventsV1(e: Obj): Obj {
  return compact({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    series: e.series,
    reportingController: e.reportingComponent || undefined,
    reportingInstance: e.reportingInstance || undefined,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  });
}
