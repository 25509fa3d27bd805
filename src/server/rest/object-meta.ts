import { randomBytes, randomUUID } from 'node:crypto';

/** RFC 3339 with seconds, as Kubernetes writes metav1.Time. */
export function nowTime(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  // Called several times per write, mostly within the same second: the last one is kept.
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}

let lastSecond = NaN;
let lastText = '';

export function newUid(): string {
  return randomUUID();
}

const ALPHANUM = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix upstream adds to generateName. */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHANUM[b % ALPHANUM.length];
  return out;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Removes null values and empty metadata maps the way a Go round trip would. */
export function dropNulls(value: any): any {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v);
    return out;
  }
  return value;
}
