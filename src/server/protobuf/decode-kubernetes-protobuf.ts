/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body: the `k8s\0` magic, then a
 * runtime.Unknown envelope {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
 * 4 contentType} whose raw bytes are the object's own message.
 */
import { BadRequestError } from '../../errors.js';
import type { TypeRegistry } from '../../api/types/format.js';
import { decodeMessage } from './decode-message.js';
import { ProtoError, ProtoReader, WIRE_BYTES } from './proto-reader.js';

export const PROTOBUF_MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

/** Maps an envelope's apiVersion and kind to a type table name; undefined when not served. */
export type ResolveType = (apiVersion: string, kind: string) => string | undefined;

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function stringField(reader: ProtoReader, wireType: number, what: string): string {
  if (wireType !== WIRE_BYTES) throw new ProtoError(`${what} is not length-delimited`);
  try {
    return utf8.decode(reader.bytes());
  } catch (err) {
    if (err instanceof ProtoError) throw err;
    throw new ProtoError(`${what} is not valid UTF-8`);
  }
}

function readEnvelope(body: Uint8Array): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '' };
  const reader = new ProtoReader(body, PROTOBUF_MAGIC.length);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (field === 1) {
      if (wireType !== WIRE_BYTES) throw new ProtoError('Unknown.typeMeta is not length-delimited');
      const meta = new ProtoReader(reader.bytes());
      while (!meta.done()) {
        const tag = meta.tag();
        if (tag.field === 1) env.apiVersion = stringField(meta, tag.wireType, 'TypeMeta.apiVersion');
        else if (tag.field === 2) env.kind = stringField(meta, tag.wireType, 'TypeMeta.kind');
        else meta.skip(tag.wireType, tag.field);
      }
    } else if (field === 2) {
      if (wireType !== WIRE_BYTES) throw new ProtoError('Unknown.raw is not length-delimited');
      env.raw = reader.bytes();
    } else if (field === 3) {
      env.contentEncoding = stringField(reader, wireType, 'Unknown.contentEncoding');
    } else if (field === 4) {
      stringField(reader, wireType, 'Unknown.contentType');
    } else {
      reader.skip(wireType, field);
    }
  }
  return env;
}

function badBody(err: unknown): never {
  if (err instanceof ProtoError) {
    throw new BadRequestError(`the protobuf body could not be decoded: ${err.message}${err.path ? ` (in ${err.path})` : ''}`);
  }
  throw err;
}

/** The JSON object a protobuf body carries, with `apiVersion` and `kind` from its envelope. */
export function decodeKubernetesProtobuf(body: Uint8Array, registry: TypeRegistry, resolveType: ResolveType): Record<string, unknown> {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.every((b, i) => body[i] === b)) {
    throw new BadRequestError('the protobuf body does not start with the "k8s\\x00" prefix');
  }
  let env: Envelope;
  try {
    env = readEnvelope(body);
  } catch (err) {
    badBody(err);
  }
  if (env.contentEncoding) throw new BadRequestError(`the protobuf body has content encoding "${env.contentEncoding}", which is not supported`);
  if (!env.kind || !env.apiVersion) throw new BadRequestError('the protobuf body does not say its apiVersion and kind');
  const typeName = resolveType(env.apiVersion, env.kind);
  if (!typeName) throw new BadRequestError(`no kind "${env.kind}" is registered for version "${env.apiVersion}"`);
  let object: Record<string, unknown>;
  try {
    object = decodeMessage(registry, typeName, env.raw, env.kind);
  } catch (err) {
    badBody(err);
  }
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return { apiVersion: env.apiVersion, kind: env.kind, ...rest };
}
