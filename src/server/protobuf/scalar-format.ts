/**
 * JSON forms of the apimachinery scalars carried as small messages: Time and MicroTime
 * (RFC 3339), Duration (Go's duration string).
 */

/** `2024-01-02T03:04:05Z`; with `micro`, `2024-01-02T03:04:05.123456Z`. */
export function formatTimestamp(seconds: bigint, nanos: number, micro: boolean): string {
  const iso = new Date(Number(seconds) * 1000).toISOString(); // ...T03:04:05.000Z
  const base = iso.slice(0, iso.indexOf('.'));
  if (!micro) return `${base}Z`;
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function fraction(value: bigint, digits: number): [string, bigint] {
  const scale = 10n ** BigInt(digits);
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return [frac ? `.${frac}` : '', value / scale];
}

/** Go's time.Duration.String of `nanos`: `0s`, `1.5ms`, `90s` → `1m30s`, `1h0m0s`. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const u = nanos < 0n ? -nanos : nanos;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000_000n) {
    const [unit, digits] = u < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const [frac, whole] = fraction(u, digits as number);
    return `${sign}${whole}${frac}${unit}`;
  }
  const [frac, totalSeconds] = fraction(u, 9);
  let out = `${totalSeconds % 60n}${frac}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes > 0n) {
    out = `${totalMinutes % 60n}m${out}`;
    const hours = totalMinutes / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return `${sign}${out}`;
}
