import { createRequire } from 'node:module';

/** node-cron, loaded on the first schedule parsed: a server without CronJobs never pays for it. */
let cronModule: typeof import('node-cron') | undefined;
function nodeCron(): typeof import('node-cron') {
  return (cronModule ??= createRequire(import.meta.url)('node-cron') as typeof import('node-cron'));
}

/**
 * A CronJob schedule: node-cron validates and expands the five fields (`@hourly` and the
 * other descriptors included); node-cron's tasks only know "the next run after now", so the
 * "next run after T" that missed-schedule logic needs is computed here, in the schedule's
 * time zone (`spec.timeZone`, else a `CRON_TZ=`/`TZ=` prefix, else the server's own).
 */
export interface CronSchedule {
  timeZone: string;
  /** The first schedule time strictly after `after` (ms), or undefined if none within 5 years. */
  next(after: number): number | undefined;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MINUTE = 60_000;
const HORIZON = 5 * 366 * 24 * 60 * MINUTE;

/** Parses a schedule; throws a RangeError naming the schedule when it or its time zone is invalid. */
export function parseCronSchedule(schedule: string, timeZone?: string | null): CronSchedule {
  let expr = schedule.trim();
  let zone = timeZone ?? undefined;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (prefix) {
    zone ??= prefix[1];
    expr = prefix[2].trim();
  }
  expr = DESCRIPTORS[expr.toLowerCase()] ?? expr;
  const raw = expr.split(/\s+/);
  if (raw.length !== 5 || !nodeCron().validate(expr)) throw new RangeError(`Invalid schedule "${schedule}": expected 5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @hourly`);
  const fields = nodeCron().parse(expr);
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  const wall = wallClock(zone);
  const minutes = new Set(fields.minute);
  const hours = new Set(fields.hour);
  const months = new Set(fields.month);
  const domAny = /^[*?]/.test(raw[2]);
  const dowAny = /^[*?]/.test(raw[4]);

  const dayMatches = (y: number, mo: number, d: number, dow: number): boolean => {
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const dom = fields.dayOfMonth.some((v) => (v === 'L' ? d === last : v === 'LW' ? d === lastWeekday(y, mo, last) : v === d));
    const wd = fields.dayOfWeek.some((v) => {
      if (typeof v === 'number') return v % 7 === dow;
      const nth = /^(\d)#(\d)$/.exec(v);
      if (nth) return Number(nth[1]) % 7 === dow && Math.ceil(d / 7) === Number(nth[2]);
      const lastOf = /^(\d)L$/.exec(v);
      return lastOf ? Number(lastOf[1]) % 7 === dow && d + 7 > last : false;
    });
    return domAny || dowAny ? dom && wd : dom || wd;
  };

  const toInstant = (naive: number): number => {
    const off = (t: number) => wall.naive(t) - t;
    let t = naive - off(naive);
    const second = off(t);
    if (naive - second !== t) t = naive - second;
    return t;
  };

  return {
    timeZone: zone,
    next(after) {
      let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
      const end = after + HORIZON;
      while (t <= end) {
        const w = new Date(wall.naive(t));
        const [y, mo, d, h, mi] = [w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes()];
        let jump: number | undefined;
        if (!months.has(mo)) jump = Date.UTC(y, mo, 1);
        else if (!dayMatches(y, mo, d, w.getUTCDay())) jump = Date.UTC(y, mo - 1, d + 1);
        else if (!hours.has(h)) jump = Date.UTC(y, mo - 1, d, h + 1);
        else if (!minutes.has(mi)) {
          t += MINUTE;
          continue;
        } else return t;
        t = Math.max(t + MINUTE, toInstant(jump));
      }
      return undefined;
    },
  };
}

function lastWeekday(y: number, mo: number, last: number): number {
  const dow = new Date(Date.UTC(y, mo - 1, last)).getUTCDay();
  return dow === 0 ? last - 2 : dow === 6 ? last - 1 : last;
}

const clocks = new Map<string, { naive(t: number): number }>();

/** Wall-clock time in `zone`, as the UTC instant with the same fields ("naive" time). */
function wallClock(zone: string): { naive(t: number): number } {
  let clock = clocks.get(zone);
  if (clock) return clock;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  } catch {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  clock = {
    naive(t) {
      const p: Record<string, number> = {};
      for (const part of format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    },
  };
  clocks.set(zone, clock);
  return clock;
}
