/**
 * `components.schemas` of an OpenAPI 3.0 document, from the type tables: one schema per
 * reachable table, the apimachinery scalars (Quantity, IntOrString, Time, MicroTime), and the
 * Kubernetes extensions kubectl reads (group-version-kind, patch strategy, list type).
 */
import type { FieldOptions, FieldType, Scalar, TypeRegistry } from '../../api/types/format.js';
import { isInlineField } from '../../api/types/index.js';
import { openApiName } from './names.js';

export type OpenApiSchema = Record<string, unknown>;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const SCALAR_COMPONENTS: Readonly<Partial<Record<Scalar, OpenApiSchema>>> = {
  quantity: {
    description: 'A fixed-point number with a suffix (e.g. 100m, 1Gi), written as a string or a number.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  intOrString: { description: 'An integer or a string.', type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true },
  time: { description: 'A timestamp in RFC 3339 form, with seconds precision.', type: 'string', format: 'date-time' },
  microTime: { description: 'A timestamp in RFC 3339 form, with microseconds precision.', type: 'string', format: 'date-time' },
};

function ref(name: string): OpenApiSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** Collects component schemas; `add` pulls in everything a type references. */
export class ComponentSchemas {
  readonly #registry: TypeRegistry;
  readonly #gvks: ReadonlyMap<string, readonly GroupVersionKind[]>;
  readonly #schemas: Record<string, OpenApiSchema> = {};

  /** `gvks`: type table name -> the kinds it serves (goes to x-kubernetes-group-version-kind). */
  constructor(registry: TypeRegistry, gvks: ReadonlyMap<string, readonly GroupVersionKind[]>) {
    this.#registry = registry;
    this.#gvks = gvks;
  }

  has(typeName: string): boolean {
    return this.#registry[typeName] !== undefined;
  }

  /** Adds `typeName` and everything it reaches; returns its component name. */
  add(typeName: string): string {
    const name = openApiName(typeName);
    if (this.#schemas[name]) return name;
    const table = this.#registry[typeName];
    if (!table) throw new Error(`type "${typeName}" is not in the type registry`);
    const schema: OpenApiSchema = { type: 'object' };
    this.#schemas[name] = schema; // placed first so recursive references stop here
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const [field, [fieldType, , options]] of Object.entries(table)) {
      if (isInlineField(field)) continue; // protobuf-only: its fields are listed flat too
      properties[field] = this.#property(fieldType, options ?? {});
      if (options?.required) required.push(field);
    }
    schema.properties = properties;
    if (required.length > 0) schema.required = required;
    const gvks = this.#gvks.get(typeName);
    if (gvks && gvks.length > 0) schema['x-kubernetes-group-version-kind'] = gvks.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
    return name;
  }

  /** Adds a hand-written schema (e.g. a placeholder for a type no table describes). */
  addRaw(name: string, schema: OpenApiSchema): string {
    if (!this.#schemas[name]) this.#schemas[name] = schema;
    return name;
  }

  /** The schemas, sorted by name (stable output, stable hash). */
  toJSON(): Record<string, OpenApiSchema> {
    const out: Record<string, OpenApiSchema> = {};
    for (const name of Object.keys(this.#schemas).sort()) out[name] = this.#schemas[name];
    return out;
  }

  #property(type: FieldType, options: FieldOptions): OpenApiSchema {
    const schema = this.#typeSchema(type, options);
    if (options.description) schema.description = options.description;
    if (options.mergeKey) schema['x-kubernetes-patch-merge-key'] = options.mergeKey;
    if (options.patchStrategy) schema['x-kubernetes-patch-strategy'] = options.patchStrategy;
    if (options.listType) schema['x-kubernetes-list-type'] = options.listType;
    if (options.listMapKeys) schema['x-kubernetes-list-map-keys'] = [...options.listMapKeys];
    return schema;
  }

  #typeSchema(type: FieldType, options: FieldOptions = {}): OpenApiSchema {
    if (typeof type === 'string') return this.#scalar(type, options);
    if ('ref' in type) return { allOf: [ref(this.add(type.ref))], default: {} };
    if ('list' in type) return { type: 'array', items: this.#typeSchema(type.list) };
    return { type: 'object', additionalProperties: this.#typeSchema(type.map) };
  }

  #scalar(type: Scalar, options: FieldOptions): OpenApiSchema {
    switch (type) {
      case 'string':
        return options.enum ? { type: 'string', enum: [...options.enum] } : { type: 'string' };
      case 'int32':
        return { type: 'integer', format: 'int32' };
      case 'int64':
        return { type: 'integer', format: 'int64' };
      case 'bool':
        return { type: 'boolean' };
      case 'double':
        return { type: 'number', format: 'double' };
      case 'bytes':
        return { type: 'string', format: 'byte' };
      case 'duration':
        return { type: 'string' };
      case 'any':
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      default: {
        const name = openApiName(type);
        this.addRaw(name, { ...(SCALAR_COMPONENTS[type] as OpenApiSchema) });
        return { allOf: [ref(name)] };
      }
    }
  }
}
