/**
 * Decodes one protobuf message into its JSON object by the type tables. Unknown field numbers
 * are skipped; absent fields stay absent; fields present with a zero value are kept.
 */
import type { Field, FieldType, Scalar, TypeRegistry } from '../../api/types/format.js';
import { isInlineField } from '../../api/types/index.js';
import { ProtoError, ProtoReader, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT } from './proto-reader.js';
import { formatGoDuration, formatTimestamp } from './scalar-format.js';

type Obj = Record<string, unknown>;
type NumberedField = readonly [string, Field];

/** A decoded value that stands for "absent" (an empty Time, an empty RawExtension). */
const OMIT = Symbol('omit');

const byNumberCache = new WeakMap<TypeRegistry, Map<string, Map<number, NumberedField>>>();

function fieldsByNumber(registry: TypeRegistry, typeName: string): Map<number, NumberedField> {
  let perRegistry = byNumberCache.get(registry);
  if (!perRegistry) {
    perRegistry = new Map();
    byNumberCache.set(registry, perRegistry);
  }
  let map = perRegistry.get(typeName);
  if (!map) {
    const table = registry[typeName];
    if (!table) throw new ProtoError(`type "${typeName}" is not in the type registry`);
    map = new Map();
    for (const [name, field] of Object.entries(table)) if (field[1] > 0) map.set(field[1], [name, field]);
    perRegistry.set(typeName, map);
  }
  return map;
}

const PACKABLE = new Set<string>(['int32', 'int64', 'bool', 'double']);

function wireTypeOf(type: FieldType): number {
  if (typeof type !== 'string') return WIRE_BYTES;
  switch (type) {
    case 'int32':
    case 'int64':
    case 'bool':
      return WIRE_VARINT;
    case 'double':
      return WIRE_FIXED64;
    default:
      return WIRE_BYTES;
  }
}

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

function expectWire(actual: number, type: FieldType): void {
  const expected = wireTypeOf(type);
  if (actual !== expected) {
    const what = typeof type === 'string' ? type : 'ref' in type ? type.ref : 'list' in type ? 'list' : 'map';
    throw new ProtoError(`wire type ${WIRE_NAMES[actual] ?? actual} where ${what} needs ${WIRE_NAMES[expected]}`);
  }
}

/** Decodes `bytes` as a `typeName` message. */
export function decodeMessage(registry: TypeRegistry, typeName: string, bytes: Uint8Array, path = typeName): Obj {
  const fields = fieldsByNumber(registry, typeName);
  const out: Obj = {};
  const reader = new ProtoReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    const known = fields.get(field);
    if (!known) {
      reader.skip(wireType, field);
      continue;
    }
    const [name, [type]] = known;
    const fieldPath = `${path}.${name}`;
    try {
      if (isInlineField(name) && typeof type !== 'string' && 'ref' in type) {
        // An inlined Go struct: a nested message on the wire, flat fields in JSON.
        expectWire(wireType, type);
        Object.assign(out, decodeMessage(registry, type.ref, reader.bytes(), path));
        continue;
      }
      decodeField(registry, out, name, type, wireType, reader, fieldPath);
    } catch (err) {
      if (err instanceof ProtoError && err.path === undefined) err.path = fieldPath;
      throw err;
    }
  }
  return out;
}

function decodeField(registry: TypeRegistry, out: Obj, name: string, type: FieldType, wireType: number, reader: ProtoReader, path: string): void {
  if (typeof type !== 'string' && 'list' in type) {
    const list = (out[name] as unknown[] | undefined) ?? [];
    out[name] = list;
    const inner = type.list;
    if (wireType === WIRE_BYTES && typeof inner === 'string' && PACKABLE.has(inner)) {
      const packed = new ProtoReader(reader.bytes());
      while (!packed.done()) list.push(decodeScalarNumber(inner, packed));
      return;
    }
    if (typeof inner !== 'string' && !('ref' in inner)) throw new ProtoError('lists of lists or maps have no protobuf form');
    expectWire(wireType, inner);
    const value = decodeValue(registry, inner, reader, `${path}[${list.length}]`);
    list.push(value === OMIT ? null : value);
    return;
  }
  if (typeof type !== 'string' && 'map' in type) {
    expectWire(wireType, type);
    const map = (out[name] as Obj | undefined) ?? {};
    out[name] = map;
    const [key, value] = decodeMapEntry(registry, type.map, reader.bytes(), path);
    if (value !== OMIT) map[key] = value;
    return;
  }
  expectWire(wireType, type);
  const value = decodeValue(registry, type, reader, path);
  if (value === OMIT) return;
  const existing = out[name];
  if (typeof type !== 'string' && existing && typeof existing === 'object') Object.assign(existing, value as Obj);
  else out[name] = value;
}

function decodeMapEntry(registry: TypeRegistry, valueType: FieldType, bytes: Uint8Array, path: string): [string, unknown] {
  const reader = new ProtoReader(bytes);
  let key = '';
  let value: unknown;
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (field === 1) {
      if (wireType !== WIRE_BYTES) throw new ProtoError(`map key with wire type ${WIRE_NAMES[wireType] ?? wireType}`);
      key = new TextDecoder('utf-8', { fatal: true }).decode(reader.bytes());
    } else if (field === 2) {
      const holder: Obj = {};
      decodeField(registry, holder, 'v', valueType, wireType, reader, `${path}[${key}]`);
      value = holder.v === undefined ? OMIT : holder.v;
    } else {
      reader.skip(wireType, field);
    }
  }
  if (value === undefined) value = zeroOf(valueType);
  return [key, value];
}

/** The value of a map entry whose value field is absent (proto2 writes zero values, but be lenient). */
function zeroOf(type: FieldType): unknown {
  if (typeof type !== 'string') return 'list' in type ? [] : {};
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
    case 'bool':
      return false;
    case 'quantity':
      return '0';
    default:
      return OMIT;
  }
}

function decodeScalarNumber(type: string, reader: ProtoReader): number | boolean {
  switch (type) {
    case 'int32':
      return Number(BigInt.asIntN(32, reader.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, reader.varint()));
    case 'bool':
      return reader.varint() !== 0n;
    case 'double':
      return reader.fixed64().getFloat64(0, true);
    default:
      throw new ProtoError(`${type} is not a packable scalar`);
  }
}

function decodeValue(registry: TypeRegistry, type: FieldType, reader: ProtoReader, path: string): unknown {
  if (typeof type !== 'string') {
    if ('ref' in type) return decodeMessage(registry, type.ref, reader.bytes(), path);
    throw new ProtoError('nested list or map');
  }
  return decodeScalar(type, reader);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProtoError('string field is not valid UTF-8');
  }
}

/** Reads the fields of a small scalar message: number → raw payload (bytes or varint). */
function smallMessage(bytes: Uint8Array): Map<number, bigint | Uint8Array> {
  const fields = new Map<number, bigint | Uint8Array>();
  const reader = new ProtoReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (wireType === WIRE_VARINT) fields.set(field, reader.varint());
    else if (wireType === WIRE_BYTES) fields.set(field, reader.bytes());
    else if (wireType === WIRE_FIXED32 || wireType === WIRE_FIXED64) reader.skip(wireType, field);
    else reader.skip(wireType, field);
  }
  return fields;
}

function num(v: bigint | Uint8Array | undefined, what: string): bigint {
  if (v === undefined) return 0n;
  if (typeof v !== 'bigint') throw new ProtoError(`${what} is not a varint`);
  return v;
}

function str(v: bigint | Uint8Array | undefined, what: string): string {
  if (v === undefined) return '';
  if (typeof v === 'bigint') throw new ProtoError(`${what} is not length-delimited`);
  return text(v);
}

function decodeScalar(type: Scalar, reader: ProtoReader): unknown {
  switch (type) {
    case 'string':
      return text(reader.bytes());
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
    case 'int32':
    case 'int64':
    case 'bool':
    case 'double':
      return decodeScalarNumber(type, reader);
    case 'quantity':
      return str(smallMessage(reader.bytes()).get(1), 'Quantity.string');
    case 'intOrString': {
      const m = smallMessage(reader.bytes());
      return num(m.get(1), 'IntOrString.type') === 1n ? str(m.get(3), 'IntOrString.strVal') : Number(BigInt.asIntN(32, num(m.get(2), 'IntOrString.intVal')));
    }
    case 'time':
    case 'microTime': {
      const bytes = reader.bytes();
      if (bytes.length === 0) return OMIT; // the zero time: null in JSON
      const m = smallMessage(bytes);
      const seconds = BigInt.asIntN(64, num(m.get(1), 'Timestamp.seconds'));
      const nanos = Number(BigInt.asIntN(32, num(m.get(2), 'Timestamp.nanos')));
      return formatTimestamp(seconds, nanos, type === 'microTime');
    }
    case 'duration':
      return formatGoDuration(BigInt.asIntN(64, num(smallMessage(reader.bytes()).get(1), 'Duration.duration')));
    case 'any': {
      const raw = smallMessage(reader.bytes()).get(1);
      if (raw === undefined || (typeof raw !== 'bigint' && raw.length === 0)) return OMIT;
      const json = str(raw, 'RawExtension.raw');
      try {
        return JSON.parse(json) as unknown;
      } catch {
        throw new ProtoError('RawExtension.raw is not JSON');
      }
    }
    default:
      throw new ProtoError(`unknown scalar type "${String(type)}"`);
  }
}
