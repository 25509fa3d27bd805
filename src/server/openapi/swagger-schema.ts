/**
 * Rewrites the OpenAPI 3.0 schemas `ComponentSchemas` makes into Swagger 2.0 ones, the form
 * client-go's `proto.Models` parser accepts: references are a bare `$ref` into
 * `#/definitions/` (a sole `allOf` member becomes the `$ref`), `oneOf` (Quantity) becomes a
 * string, and an object with neither properties nor additionalProperties loses its `type`
 * (an arbitrary value: older parsers reject `type: object` without additionalProperties).
 */
import type { OpenApiSchema } from './component-schemas.js';
import type { OpenApiParameter } from './parameters.js';
import { isRecord } from './proto-message-spec.js';

const V3_PREFIX = '#/components/schemas/';
export const V2_PREFIX = '#/definitions/';

/** `#/components/schemas/X` → `#/definitions/X`. */
export function v2Ref(ref: string): string {
  return ref.startsWith(V3_PREFIX) ? `${V2_PREFIX}${ref.slice(V3_PREFIX.length)}` : ref;
}

/** The Swagger 2.0 form of one schema (a copy; the input is left alone). */
export function toSwaggerSchema(schema: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = {};
  const allOf = schema.allOf;
  const soleRef = Array.isArray(allOf) && allOf.length === 1 && isRecord(allOf[0]) && typeof allOf[0].$ref === 'string' ? allOf[0].$ref : undefined;
  if (soleRef) out.$ref = v2Ref(soleRef);
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case '$ref':
        out.$ref = v2Ref(String(value));
        break;
      case 'allOf':
        if (!soleRef && Array.isArray(value)) out.allOf = value.map((s) => toSwaggerSchema(s as OpenApiSchema));
        break;
      case 'default':
        if (!soleRef) out.default = value; // a $ref takes no siblings but description and extensions
        break;
      case 'oneOf':
      case 'anyOf':
        if (Array.isArray(value) && value.some((s) => isRecord(s) && s.type === 'string') && schema.type === undefined) out.type = 'string';
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((s) => toSwaggerSchema(s as OpenApiSchema)) : toSwaggerSchema(value as OpenApiSchema);
        break;
      case 'additionalProperties':
        out.additionalProperties = isRecord(value) ? toSwaggerSchema(value) : value;
        break;
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as Record<string, OpenApiSchema>).map(([name, s]) => [name, toSwaggerSchema(s)]));
        break;
      case 'nullable':
        break; // not in Swagger 2.0
      default:
        out[key] = value;
    }
  }
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) delete out.type;
  return out;
}

/** A v3 parameter (`schema: {type}`) in Swagger 2.0 form (`type` on the parameter). */
export function toSwaggerParameter(parameter: OpenApiParameter): OpenApiParameter {
  const { schema, ...rest } = parameter;
  return isRecord(schema) ? { ...rest, ...schema } : { ...rest };
}
