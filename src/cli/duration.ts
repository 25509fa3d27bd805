const UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** "40s", "1m30s", "2h", or a plain number of seconds; a bad value names the flag. */
export function parseDurationSeconds(value: string | number, flag: string): number {
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(value)) return Number(value);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== value.length || consumed === 0) throw new Error(`${flag}: invalid duration ${JSON.stringify(value)} (e.g. 40s, 1m30s)`);
  return total;
}
