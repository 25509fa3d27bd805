/** kubectl logs' query parameters, as the kubelet takes them. */
export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Only lines at or after this time (ms since the epoch). */
  since?: number;
  limitBytes?: number;
}

export function parseLogOptions(query: URLSearchParams, now = Date.now()): LogOptions {
  const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
  const options: LogOptions = { follow: flag('follow'), previous: flag('previous'), timestamps: flag('timestamps') };
  const tail = intParam(query, 'tailLines');
  if (tail !== undefined) options.tailLines = tail;
  const limit = intParam(query, 'limitBytes');
  if (limit !== undefined && limit > 0) options.limitBytes = limit;
  const sinceSeconds = intParam(query, 'sinceSeconds');
  const sinceTime = query.get('sinceTime');
  if (sinceSeconds !== undefined) options.since = now - sinceSeconds * 1000;
  else if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new RangeError(`Invalid sinceTime "${sinceTime}": not an RFC 3339 time`);
    options.since = t;
  }
  return options;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid ${name} "${raw}": expected a non-negative integer`);
  return n;
}
