/**
 * Quantities in resource.Quantity's canonical form, as metrics-server writes them:
 * CPU from nanocores (DecimalSI, e.g. `12345n`, `250m`, `2`), memory from bytes
 * (BinarySI, e.g. `123456Ki`, `1Mi`, or plain bytes when not a multiple of 1024).
 */
const DECIMAL_SUFFIXES: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Nanocores as a CPU quantity (`250000000` → `250m`). */
export function formatCpu(nanoCores: number): string {
  return formatDecimal(nanoCores, -9);
}

/** `value × 10^exponent` (exponent a multiple of 3, from -9) in DecimalSI canonical form. */
export function formatDecimal(value: number, exponent: number): string {
  let v = BigInt(Math.max(0, Math.round(value)));
  if (v === 0n) return '0';
  let e = exponent;
  while (v % 1000n === 0n && e < 18) {
    v /= 1000n;
    e += 3;
  }
  return `${v}${DECIMAL_SUFFIXES[e]}`;
}

/** Bytes as a memory quantity (`1048576` → `1Mi`, `126418944` → `123456Ki`). */
export function formatMemory(bytes: number): string {
  let value = BigInt(Math.max(0, Math.round(bytes)));
  if (value < 1024n) return `${value}`;
  let power = 0;
  while (value % 1024n === 0n && power < BINARY_SUFFIXES.length - 1) {
    value /= 1024n;
    power++;
  }
  return `${value}${BINARY_SUFFIXES[power]}`;
}
