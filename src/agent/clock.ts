/** Time as the agent sees it: injectable so tests move back-off and probe schedules without sleeping. */
export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): { unref?(): unknown };
  clearInterval(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** A clock whose `now()` only moves when told; intervals still fire in real time (they only trigger re-checks). */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.parse('2025-01-01T00:00:00Z')) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  setInterval(fn: () => void, ms: number): { unref?(): unknown } {
    return setInterval(fn, ms);
  }
  clearInterval(handle: unknown): void {
    clearInterval(handle as NodeJS.Timeout);
  }
}

/** RFC 3339 with seconds, as Kubernetes writes `Time`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds, as Kubernetes writes `MicroTime`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
