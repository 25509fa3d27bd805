/** OpenAPI v3 documents and the Swagger 2.0 `/openapi/v2` document (JSON and gnostic protobuf), generated from the type tables. */
export { buildOpenApiV3Index, groupVersionKeys, type OpenApiV3Index } from './build-index.js';
export { buildOpenApiV3Document, kindsByType, type OpenApiDocument } from './build-document.js';
export { createOpenApiCache, hashDocument, type OpenApiCache, type BuiltDocument } from './openapi-cache.js';
export { openApiName, groupVersionKey, parseGroupVersion } from './names.js';
export { ComponentSchemas, type GroupVersionKind, type OpenApiSchema } from './component-schemas.js';
export { buildOpenApiV2Document, type OpenApiV2Document } from './build-v2-document.js';
export { encodeOpenApiV2Protobuf } from './encode-v2-protobuf.js';
export { createOpenApiV2Cache, type OpenApiV2Cache } from './openapi-v2-cache.js';
