/**
 * resource.Quantity strings as numbers: `100m` → 0.1, `128Mi` → 134217728, `1G` → 1e9,
 * `1e3` → 1000. Enough for requests and allocatable; not an exact decimal type.
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/**
 * The value of a quantity.
 * @throws TypeError when the string is not a quantity.
 */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = PATTERN.exec(value.trim());
  if (!m) throw new TypeError(`Cannot parse quantity ${JSON.stringify(value)}`);
  const base = Number(m[1]);
  if (m[2]) return Number(`${m[1]}${m[2]}`);
  return base * SUFFIXES[m[3] ?? ''];
}

/** Thousandths, rounded up as Quantity.MilliValue does (CPU). */
export function milliValue(value: string | number): number {
  return Math.ceil(Math.round(parseQuantity(value) * 1e6) / 1e3);
}

/** The integer value, rounded up as Quantity.Value does (bytes, counts). */
export function intValue(value: string | number): number {
  return Math.ceil(parseQuantity(value) - 1e-9);
}
