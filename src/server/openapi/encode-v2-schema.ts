/**
 * gnostic OpenAPIv2.proto messages for schemas and parameters: Schema (with TypeItem,
 * ItemsItem, Properties, AdditionalPropertiesItem), ParametersItem / Parameter with
 * BodyParameter and the NonBodyParameter sub-schemas, PrimitivesItems and Header.
 */
import { any, anys, bool, double, encodeMessage, int64, isRecord, msg, msgs, namedMap, str, strs, type FieldEncoder, type MessageSpec } from './proto-message-spec.js';
import { ProtoWriter } from './proto-writer.js';

export const EXTERNAL_DOCS: MessageSpec = { fields: { description: [1, str], url: [2, str] }, vendorExtension: 3 };

/** `TypeItem { repeated string value = 1; }` from `"string"` or `["string", "null"]`. */
const typeItem: FieldEncoder = (w, field, value) => {
  const m = new ProtoWriter();
  strs(m, 1, value);
  w.message(field, m);
};

/** `ItemsItem { repeated Schema schema = 1; }` from a schema or a list of them. */
const itemsItem: FieldEncoder = (w, field, value) => {
  const m = new ProtoWriter();
  msgs(() => SCHEMA)(m, 1, Array.isArray(value) ? value : [value]);
  w.message(field, m);
};

/** `AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2; } }` */
const additionalProperties: FieldEncoder = (w, field, value) => {
  const m = new ProtoWriter();
  if (typeof value === 'boolean') m.bool(2, value);
  else if (isRecord(value)) m.message(1, encodeMessage(SCHEMA, value));
  else return;
  w.message(field, m);
};

export const SCHEMA: MessageSpec = {
  fields: {
    $ref: [1, str],
    format: [2, str],
    title: [3, str],
    description: [4, str],
    default: [5, any],
    multipleOf: [6, double],
    maximum: [7, double],
    exclusiveMaximum: [8, bool],
    minimum: [9, double],
    exclusiveMinimum: [10, bool],
    maxLength: [11, int64],
    minLength: [12, int64],
    pattern: [13, str],
    maxItems: [14, int64],
    minItems: [15, int64],
    uniqueItems: [16, bool],
    maxProperties: [17, int64],
    minProperties: [18, int64],
    required: [19, strs],
    enum: [20, anys],
    additionalProperties: [21, additionalProperties],
    type: [22, typeItem],
    items: [23, itemsItem],
    allOf: [24, msgs(() => SCHEMA)],
    properties: [25, namedMap(1, msg(() => SCHEMA))],
    discriminator: [26, str],
    readOnly: [27, bool],
    externalDocs: [29, msg(() => EXTERNAL_DOCS)],
    example: [30, any],
  },
  vendorExtension: 31,
};

/** The run of keys PrimitivesItems, Header and the parameter sub-schemas share, in field order. */
const PRIMITIVE_KEYS: readonly (readonly [string, FieldEncoder])[] = [
  ['type', str],
  ['format', str],
  ['items', msg(() => PRIMITIVES_ITEMS)],
  ['collectionFormat', str],
  ['default', any],
  ['maximum', double],
  ['exclusiveMaximum', bool],
  ['minimum', double],
  ['exclusiveMinimum', bool],
  ['maxLength', int64],
  ['minLength', int64],
  ['pattern', str],
  ['maxItems', int64],
  ['minItems', int64],
  ['uniqueItems', bool],
  ['enum', anys],
  ['multipleOf', double],
];

/** Numbers `keys` from 1 in order; the vendor extension comes right after the last. */
function numbered(keys: readonly (readonly [string, FieldEncoder])[]): MessageSpec {
  return { fields: Object.fromEntries(keys.map(([key, enc], i) => [key, [i + 1, enc] as const])), vendorExtension: keys.length + 1 };
}

const LEAD: readonly (readonly [string, FieldEncoder])[] = [
  ['required', bool],
  ['in', str],
  ['description', str],
  ['name', str],
];

export const PRIMITIVES_ITEMS: MessageSpec = numbered(PRIMITIVE_KEYS);
export const HEADER: MessageSpec = numbered([...PRIMITIVE_KEYS, ['description', str]]);
const QUERY_OR_FORM: MessageSpec = numbered([...LEAD, ['allowEmptyValue', bool], ...PRIMITIVE_KEYS]);
const PATH_OR_HEADER: MessageSpec = numbered([...LEAD, ...PRIMITIVE_KEYS]);
const BODY: MessageSpec = { fields: { description: [1, str], name: [2, str], in: [3, str], required: [4, bool], schema: [5, msg(() => SCHEMA)] }, vendorExtension: 6 };
const JSON_REFERENCE: MessageSpec = { fields: { $ref: [1, str], description: [2, str] } };

/** NonBodyParameter's oneof field for each `in`. */
const NON_BODY_FIELD: Readonly<Record<string, readonly [number, MessageSpec]>> = {
  header: [1, PATH_OR_HEADER],
  formData: [2, QUERY_OR_FORM],
  query: [3, QUERY_OR_FORM],
  path: [4, PATH_OR_HEADER],
};

/** `Parameter { oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }` */
export const parameter: FieldEncoder = (w, field, value) => {
  if (!isRecord(value)) return;
  const m = new ProtoWriter();
  if (value.in === 'body') {
    m.message(1, encodeMessage(BODY, value));
  } else {
    const where = NON_BODY_FIELD[String(value.in)];
    if (!where) throw new RangeError(`Cannot encode a parameter "in": ${JSON.stringify(value.in)} (want body, query, path, header or formData)`);
    m.message(2, new ProtoWriter().message(where[0], encodeMessage(where[1], value)));
  }
  w.message(field, m);
};

/** `ParametersItem { oneof { Parameter parameter = 1; JsonReference json_reference = 2; } }`, repeated. */
export const parametersItems: FieldEncoder = (w, field, value) => {
  if (!Array.isArray(value)) return;
  for (const p of value) {
    if (!isRecord(p)) continue;
    const m = new ProtoWriter();
    if (typeof p.$ref === 'string') m.message(2, encodeMessage(JSON_REFERENCE, p));
    else parameter(m, 1, p);
    w.message(field, m);
  }
};
