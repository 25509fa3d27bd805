/** Small helpers for defaulting plain JSON objects in place (always on a private copy). */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`; with `create`, an empty one is put there when the key is unset. */
export function objectAt(parent: JsonObject, key: string, create: true): JsonObject;
export function objectAt(parent: JsonObject, key: string, create?: false): JsonObject | undefined;
export function objectAt(parent: JsonObject, key: string, create = false): JsonObject | undefined {
  const value = parent[key];
  if (isObject(value)) return value;
  if (!create || (value !== undefined && value !== null)) return undefined;
  const fresh: JsonObject = {};
  parent[key] = fresh;
  return fresh;
}

/** The object elements of the array at `key` (none when unset). */
export function objectsAt(parent: JsonObject, key: string): JsonObject[] {
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** True when a field counts as unset for defaulting: absent, null, or an empty string. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Sets `key` to `value` when unset (see isUnset). */
export function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (isUnset(obj[key])) obj[key] = value;
}

/** Sets `key` when unset or zero: for non-pointer integers whose zero means "not given". */
export function setDefaultNonZero(obj: JsonObject, key: string, value: number): void {
  if (isUnset(obj[key]) || obj[key] === 0) obj[key] = value;
}

/** A deep copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
