/**
 * A Swagger 2.0 document in gnostic's `openapi.v2.Document` protobuf form
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`), the body client-go's
 * discovery client unmarshals from `/openapi/v2`.
 */
import { EXTERNAL_DOCS, HEADER, parameter, parametersItems, SCHEMA } from './encode-v2-schema.js';
import { any, bool, encodeMessage, isRecord, msg, msgs, namedMap, str, strs, type FieldEncoder, type MessageSpec } from './proto-message-spec.js';
import { ProtoWriter } from './proto-writer.js';

const CONTACT: MessageSpec = { fields: { name: [1, str], url: [2, str], email: [3, str] }, vendorExtension: 4 };
const LICENSE: MessageSpec = { fields: { name: [1, str], url: [2, str] }, vendorExtension: 3 };
const INFO: MessageSpec = {
  fields: { title: [1, str], version: [2, str], description: [3, str], termsOfService: [4, str], contact: [5, msg(() => CONTACT)], license: [6, msg(() => LICENSE)] },
  vendorExtension: 7,
};
const TAG: MessageSpec = { fields: { name: [1, str], description: [2, str], externalDocs: [3, msg(() => EXTERNAL_DOCS)] }, vendorExtension: 4 };

/** `SchemaItem { oneof { Schema schema = 1; FileSchema file_schema = 2; } }`: always a Schema here. */
const schemaItem: FieldEncoder = (w, field, value) => {
  if (isRecord(value)) w.message(field, new ProtoWriter().message(1, encodeMessage(SCHEMA, value)));
};

const RESPONSE: MessageSpec = {
  fields: { description: [1, str], schema: [2, schemaItem], headers: [3, namedMap(1, msg(() => HEADER))], examples: [4, namedMap(1, any)] },
  vendorExtension: 5,
};

/** `ResponseValue { oneof { Response response = 1; JsonReference json_reference = 2; } }` */
const responseValue: FieldEncoder = (w, field, value) => {
  if (!isRecord(value)) return;
  const m = new ProtoWriter();
  if (typeof value.$ref === 'string') m.message(2, new ProtoWriter().string(1, value.$ref));
  else m.message(1, encodeMessage(RESPONSE, value));
  w.message(field, m);
};

/** `StringArray { repeated string value = 1; }` */
const stringArray: FieldEncoder = (w, field, value) => {
  const m = new ProtoWriter();
  strs(m, 1, value);
  w.message(field, m);
};

/** Repeated `SecurityRequirement { repeated NamedStringArray additional_properties = 1; }`. */
const securityRequirements: FieldEncoder = (w, field, value) => {
  if (!Array.isArray(value)) return;
  for (const req of value) namedMap(1, stringArray)(w, field, req);
};

const OPERATION: MessageSpec = {
  fields: {
    tags: [1, strs],
    summary: [2, str],
    description: [3, str],
    externalDocs: [4, msg(() => EXTERNAL_DOCS)],
    operationId: [5, str],
    produces: [6, strs],
    consumes: [7, strs],
    parameters: [8, parametersItems],
    responses: [9, namedMap(1, responseValue, 2)],
    schemes: [10, strs],
    deprecated: [11, bool],
    security: [12, securityRequirements],
  },
  vendorExtension: 13,
};

const PATH_ITEM: MessageSpec = {
  fields: {
    $ref: [1, str],
    get: [2, msg(() => OPERATION)],
    put: [3, msg(() => OPERATION)],
    post: [4, msg(() => OPERATION)],
    delete: [5, msg(() => OPERATION)],
    options: [6, msg(() => OPERATION)],
    head: [7, msg(() => OPERATION)],
    patch: [8, msg(() => OPERATION)],
    parameters: [9, parametersItems],
  },
  vendorExtension: 10,
};

const SCOPES = namedMap(1, str);
const FLOW = { type: [1, str], flow: [2, str], scopes: [3, SCOPES] } as const;
/** SecurityDefinitionsItem's oneof field and message for each scheme type (and OAuth2 flow). */
function securityScheme(value: Record<string, unknown>): [number, MessageSpec] | undefined {
  if (value.type === 'basic') return [1, { fields: { type: [1, str], description: [2, str] }, vendorExtension: 3 }];
  if (value.type === 'apiKey') return [2, { fields: { type: [1, str], name: [2, str], in: [3, str], description: [4, str] }, vendorExtension: 5 }];
  if (value.type !== 'oauth2') return undefined;
  switch (value.flow) {
    case 'implicit':
      return [3, { fields: { ...FLOW, authorizationUrl: [4, str], description: [5, str] }, vendorExtension: 6 }];
    case 'password':
      return [4, { fields: { ...FLOW, tokenUrl: [4, str], description: [5, str] }, vendorExtension: 6 }];
    case 'application':
      return [5, { fields: { ...FLOW, tokenUrl: [4, str], description: [5, str] }, vendorExtension: 6 }];
    case 'accessCode':
      return [6, { fields: { ...FLOW, authorizationUrl: [4, str], tokenUrl: [5, str], description: [6, str] }, vendorExtension: 7 }];
    default:
      return undefined;
  }
}

const securityDefinitionsItem: FieldEncoder = (w, field, value) => {
  const scheme = isRecord(value) ? securityScheme(value) : undefined;
  if (!scheme || !isRecord(value)) throw new RangeError(`Cannot encode security scheme ${JSON.stringify(value)}`);
  w.message(field, new ProtoWriter().message(scheme[0], encodeMessage(scheme[1], value)));
};

const DOCUMENT: MessageSpec = {
  fields: {
    swagger: [1, str],
    info: [2, msg(() => INFO)],
    host: [3, str],
    basePath: [4, str],
    schemes: [5, strs],
    consumes: [6, strs],
    produces: [7, strs],
    paths: [8, namedMap(2, msg(() => PATH_ITEM), 1)],
    definitions: [9, namedMap(1, msg(() => SCHEMA))],
    parameters: [10, namedMap(1, parameter)],
    responses: [11, namedMap(1, msg(() => RESPONSE))],
    security: [12, securityRequirements],
    securityDefinitions: [13, namedMap(1, securityDefinitionsItem)],
    tags: [14, msgs(() => TAG)],
    externalDocs: [15, msg(() => EXTERNAL_DOCS)],
  },
  vendorExtension: 16,
};

/** `doc` (a Swagger 2.0 document as a plain object) as an `openapi.v2.Document` message. */
export function encodeOpenApiV2Protobuf(doc: object): Uint8Array {
  return encodeMessage(DOCUMENT, doc as Record<string, unknown>).finish();
}
