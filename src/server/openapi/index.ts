/** OpenAPI v3 documents generated from the type tables, for kubectl and `kubectl explain`. */
export { buildOpenApiV3Index, groupVersionKeys, type OpenApiV3Index } from './build-index.js';
export { buildOpenApiV3Document, kindsByType, type OpenApiDocument } from './build-document.js';
export { createOpenApiCache, hashDocument, type OpenApiCache, type BuiltDocument } from './openapi-cache.js';
export { openApiName, groupVersionKey, parseGroupVersion } from './names.js';
export { ComponentSchemas, type GroupVersionKind, type OpenApiSchema } from './component-schemas.js';
