/**
 * Builders for validation causes in upstream's words (apimachinery's field.Error): the
 * `field` is a dotted path, the message starts with the error type's canonical text.
 */
import type { StatusCause } from '../../errors.js';

/** A value as upstream prints it in `Invalid value: ...`: strings quoted, numbers bare. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Go's `%#v` of a map[string]string, keys sorted: `map[string]string{"app":"x"}`. */
export function formatStringMap(map: Record<string, unknown> | undefined | null): string {
  const entries = Object.keys(map ?? {})
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String((map as Record<string, unknown>)[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

export function required(field: string, detail = ''): StatusCause {
  return { type: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}

export function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { type: 'FieldValueInvalid', message: `Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`, field };
}

/** Like invalid, with the value already printed (e.g. a Go map literal). */
export function invalidPrinted(field: string, printed: string, detail: string): StatusCause {
  return { type: 'FieldValueInvalid', message: `Invalid value: ${printed}: ${detail}`, field };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const list = supported.map((v) => JSON.stringify(v)).join(', ');
  return { type: 'FieldValueNotSupported', message: `Unsupported value: ${formatValue(value)}${list ? `: supported values: ${list}` : ''}`, field };
}

export function duplicate(field: string, value: unknown): StatusCause {
  return { type: 'FieldValueDuplicate', message: `Duplicate value: ${formatValue(value)}`, field };
}

export function tooLong(field: string, maxBytes: number): StatusCause {
  return { type: 'FieldValueTooLong', message: `Too long: may not be more than ${maxBytes} bytes`, field };
}

/** Appends `.name` to a path (or starts it). */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** `path[i]`, for list elements. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]`, for map entries (upstream's Path.Key). */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
