/**
 * The `/openapi/v2` document, built once on first use, kept as JSON text and as gnostic
 * protobuf bytes, with one ETag for both.
 */
import type { ResourceInfo } from '../../api/kinds.js';
import type { TypeRegistry } from '../../api/types/format.js';
import { buildOpenApiV2Document } from './build-v2-document.js';
import { encodeOpenApiV2Protobuf } from './encode-v2-protobuf.js';
import { hashDocument } from './openapi-cache.js';

export interface OpenApiV2Cache {
  /** The document as `openapi.v2.Document` protobuf bytes. */
  protobuf(): Buffer;
  /** The document as JSON text. */
  json(): string;
  /** A strong entity tag, quoted (`"<sha512 of the JSON>"`), ready for the ETag header. */
  readonly etag: string;
}

export function createOpenApiV2Cache(registry: TypeRegistry, resources: readonly ResourceInfo[]): OpenApiV2Cache {
  let json: string | undefined;
  let protobuf: Buffer | undefined;
  let etag: string | undefined;
  let doc: ReturnType<typeof buildOpenApiV2Document> | undefined;

  const document = (): ReturnType<typeof buildOpenApiV2Document> => (doc ??= buildOpenApiV2Document(registry, resources));
  const jsonText = (): string => (json ??= JSON.stringify(document()));

  return {
    json: jsonText,
    protobuf() {
      if (!protobuf) {
        const bytes = encodeOpenApiV2Protobuf(document());
        protobuf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      return protobuf;
    },
    get etag() {
      return (etag ??= `"${hashDocument(jsonText())}"`);
    },
  };
}
