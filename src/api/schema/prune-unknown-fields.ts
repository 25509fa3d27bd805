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
    let changed = false;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, Json>)) {
      out[k] = prune(registry, type.map, v);
      if (out[k] !== v) changed = true;
    }
    return changed ? out : value;
  }
  const table = registry[type.ref];
  if (!table || typeof value !== 'object' || Array.isArray(value)) return value;
  let changed = false;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value as Record<string, Json>)) {
    const field = isInlineField(k) ? undefined : table[k];
    if (!field) {
      changed = true;
      continue;
    }
    out[k] = prune(registry, field[0], v);
    if (out[k] !== v) changed = true;
  }
  return changed ? out : value;
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
