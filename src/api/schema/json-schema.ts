/**
 * JSON Schema (draft-07, for ajv) generated from the type tables. Every object forbids unknown
 * properties, so strict field validation can name them; optional fields accept `null`, which
 * Kubernetes treats as absent.
 */
import type { FieldType, FieldOptions, TypeRegistry } from '../types/format.js';
import { isInlineField } from '../types/index.js';

export type JsonSchema = Record<string, unknown>;

/** The pattern a resource.Quantity string must match (upstream's parse rule). */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Standard base64 with padding, as Go's encoding/json reads []byte. */
export const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
/** RFC 3339 date-time, as metav1.Time reads it. */
export const DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$';

/** The schema of one scalar or composite field type; `nullable` adds null to the allowed types. */
export function fieldTypeSchema(type: FieldType, nullable: boolean, options: FieldOptions = {}): JsonSchema {
  if (typeof type === 'string') return scalarSchema(type, nullable, options);
  if ('ref' in type) {
    // Definitions accept null themselves (see buildJsonSchema); a required object must not be null.
    return nullable ? { $ref: `#/definitions/${type.ref}` } : { $ref: `#/definitions/${type.ref}`, type: 'object' };
  }
  if ('list' in type) return { type: types('array', nullable), items: fieldTypeSchema(type.list, false) };
  return { type: types('object', nullable), additionalProperties: fieldTypeSchema(type.map, false) };
}

function types(base: string | string[], nullable: boolean): string | string[] {
  const list = Array.isArray(base) ? base : [base];
  if (!nullable) return list.length === 1 ? list[0] : list;
  return [...list, 'null'];
}

function scalarSchema(type: string, nullable: boolean, options: FieldOptions): JsonSchema {
  switch (type) {
    case 'string': {
      const schema: JsonSchema = { type: types('string', nullable) };
      if (options.enum) {
        // An empty string in an optional enum field is replaced by the default, as upstream's
        // defaulters do (protobuf bodies carry "" for every unset enum).
        const values: unknown[] = [...options.enum];
        if (!options.required) values.push('');
        if (nullable) values.push(null);
        schema.enum = values;
      }
      return schema;
    }
    case 'int32':
    case 'int64':
      return { type: types('integer', nullable) };
    case 'bool':
      return { type: types('boolean', nullable) };
    case 'double':
      return { type: types('number', nullable) };
    case 'bytes':
      return { type: types('string', nullable), pattern: BASE64_PATTERN };
    case 'quantity':
      return { type: types(['string', 'number'], nullable), pattern: QUANTITY_PATTERN };
    case 'intOrString':
      return { type: types(['integer', 'string'], nullable) };
    case 'time':
    case 'microTime':
      return { type: ['string', 'null'], pattern: DATE_TIME_PATTERN };
    case 'duration':
      return { type: types('string', nullable) };
    case 'any':
      return {};
    default:
      throw new Error(`unknown scalar type "${type}"`);
  }
}

/** Every table name reachable from `typeName`, itself first. Throws on a reference to no table. */
export function reachableTypes(registry: TypeRegistry, typeName: string): string[] {
  const seen = new Set<string>();
  const queue = [typeName];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    const table = registry[name];
    if (!table) throw new Error(`type "${name}" is not in the type registry`);
    seen.add(name);
    for (const [fieldName, [fieldType]] of Object.entries(table)) {
      if (isInlineField(fieldName)) continue; // protobuf-only: its fields are listed flat too
      for (const ref of refsOf(fieldType)) if (!seen.has(ref)) queue.push(ref);
    }
  }
  return [...seen];
}

function refsOf(type: FieldType): string[] {
  if (typeof type === 'string') return [];
  if ('ref' in type) return [type.ref];
  if ('list' in type) return refsOf(type.list);
  return refsOf(type.map);
}

/** The schema of one table: an object (or null) with no unknown properties. */
export function tableSchema(registry: TypeRegistry, typeName: string): JsonSchema {
  const table = registry[typeName];
  if (!table) throw new Error(`type "${typeName}" is not in the type registry`);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, [fieldType, , options]] of Object.entries(table)) {
    if (isInlineField(name)) continue;
    const isRequired = options?.required === true;
    properties[name] = fieldTypeSchema(fieldType, !isRequired, options);
    if (isRequired) required.push(name);
  }
  const schema: JsonSchema = { type: ['object', 'null'], properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  return schema;
}

/**
 * A self-contained draft-07 schema for `typeName`: `definitions` holds every reachable table,
 * the root is a non-null object of that type.
 */
export function buildJsonSchema(registry: TypeRegistry, typeName: string): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const name of reachableTypes(registry, typeName)) definitions[name] = tableSchema(registry, name);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $ref: `#/definitions/${typeName}`,
    type: 'object',
    definitions,
  };
}
