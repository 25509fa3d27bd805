import { isInlineField, type FieldType, type TypeRegistry } from '../types/index.js';

type Json = unknown;

/**
 * Drops the fields the type tables do not know, as a Go server's decoder does when field
 * validation is Warn or Ignore. Returns the same value when nothing was unknown.
 */
export function pruneUnknownFields(registry: TypeRegistry, typeName: string, value: Json): Json {
  return prune(registry, { ref: typeName }, value);
}

function prune(registry: TypeRegistry, type: FieldType, value: Json): Json {
  if (value === null || value === undefined || typeof type === 'string') return value;
  if ('list' in type) return Array.isArray(value) ? mapIfChanged(value, (v) => prune(registry, type.list, v)) : value;
  if ('map' in type) {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const obj = value as Record<string, Json>;
    const keys = Object.keys(obj);
    // The copy is made only once something changes: the entries before it are carried over.
    let out: Record<string, Json> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = obj[k];
      const p = prune(registry, type.map, v);
      if (p !== v && !out) out = copyFirst(obj, keys, i);
      if (out) out[k] = p;
    }
    return out ?? value;
  }
  const table = registry[type.ref];
  if (!table || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, Json>;
  const keys = Object.keys(obj);
  let out: Record<string, Json> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const field = isInlineField(k) ? undefined : table[k];
    if (!field) {
      out ??= copyFirst(obj, keys, i);
      continue;
    }
    const v = obj[k];
    const p = prune(registry, field[0], v);
    if (p !== v && !out) out = copyFirst(obj, keys, i);
    if (out) out[k] = p;
  }
  return out ?? value;
}

/** A new object with the first `n` entries of `obj` (in `keys` order). */
function copyFirst(obj: Record<string, Json>, keys: string[], n: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (let i = 0; i < n; i++) out[keys[i]] = obj[keys[i]];
  return out;
}

function mapIfChanged(list: Json[], fn: (v: Json) => Json): Json[] {
  let changed = false;
  const out = list.map((v) => {
    const r = fn(v);
    if (r !== v) changed = true;
    return r;
  });
  return changed ? out : list;
}
