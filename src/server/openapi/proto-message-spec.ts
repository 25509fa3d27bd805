/**
 * Table-driven encoding of JSON-shaped objects into protobuf messages: a `MessageSpec` maps
 * each JSON key to a field number and an encoder; `x-` keys go to the message's
 * `vendor_extension` field as gnostic `NamedAny` entries whose `Any.yaml` holds the value.
 */
import { ProtoWriter } from './proto-writer.js';

/** Writes `value` as field `field` of `w`; ignores values of the wrong JSON type. */
export type FieldEncoder = (w: ProtoWriter, field: number, value: unknown) => void;

export interface MessageSpec {
  fields: Readonly<Record<string, readonly [number, FieldEncoder]>>;
  /** Field number of `repeated NamedAny vendor_extension`, if the message has one. */
  vendorExtension?: number;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` as YAML text in flow style: JSON with a space after every `:` and `,`, which YAML
 * 1.1 parsers (go-yaml v2) read as they read JSON.
 */
export function flowYaml(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (isRecord(value)) return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${flowYaml(v)}`).join(', ')}}`;
  throw new TypeError(`Cannot write a ${typeof value} as YAML`);
}

export const str: FieldEncoder = (w, field, value) => {
  if (typeof value === 'string' && value !== '') w.string(field, value);
};

export const strs: FieldEncoder = (w, field, value) => {
  if (typeof value === 'string') w.string(field, value);
  else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') w.string(field, v);
};

export const bool: FieldEncoder = (w, field, value) => {
  if (value === true) w.bool(field, true);
};

export const double: FieldEncoder = (w, field, value) => {
  if (typeof value === 'number' && value !== 0) w.double(field, value);
};

export const int64: FieldEncoder = (w, field, value) => {
  if (typeof value === 'number' && Number.isInteger(value) && value !== 0) w.int(field, value);
};

/** gnostic `Any { google.protobuf.Any value = 1; string yaml = 2; }`, yaml only. */
export const any: FieldEncoder = (w, field, value) => {
  if (value !== undefined) w.message(field, new ProtoWriter().string(2, flowYaml(value)));
};

export const anys: FieldEncoder = (w, field, value) => {
  if (Array.isArray(value)) for (const v of value) any(w, field, v);
};

/** `NamedAny { string name = 1; Any value = 2; }` */
export function namedAny(w: ProtoWriter, field: number, name: string, value: unknown): void {
  const entry = new ProtoWriter().string(1, name);
  any(entry, 2, value);
  w.message(field, entry);
}

/** Encodes `obj` by `spec`; keys the spec does not know are left out. */
export function encodeMessage(spec: MessageSpec, obj: Record<string, unknown>): ProtoWriter {
  const w = new ProtoWriter();
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const known = spec.fields[key];
    if (known) known[1](w, known[0], value);
    else if (key.startsWith('x-') && spec.vendorExtension) namedAny(w, spec.vendorExtension, key, value);
  }
  return w;
}

/** A singular message field; `spec` is a thunk so specs may refer to each other. */
export function msg(spec: () => MessageSpec): FieldEncoder {
  return (w, field, value) => {
    if (isRecord(value)) w.message(field, encodeMessage(spec(), value));
  };
}

/** A repeated message field. */
export function msgs(spec: () => MessageSpec): FieldEncoder {
  const one = msg(spec);
  return (w, field, value) => {
    if (Array.isArray(value)) for (const v of value) one(w, field, v);
  };
}

/**
 * A JSON map as gnostic writes it: a message of `repeated Named<T> { name = 1; value = 2 }`
 * at `entryField`, `x-` keys as NamedAny at `vendorField` when the message has one. The
 * message is written even when empty (presence matters, e.g. `properties: {}`).
 */
export function namedMap(entryField: number, value: FieldEncoder, vendorField?: number): FieldEncoder {
  return (w, field, map) => {
    if (!isRecord(map)) return;
    const m = new ProtoWriter();
    for (const [name, v] of Object.entries(map)) {
      if (v === undefined) continue;
      if (vendorField && name.startsWith('x-')) {
        namedAny(m, vendorField, name, v);
        continue;
      }
      const entry = new ProtoWriter().string(1, name);
      value(entry, 2, v);
      m.message(entryField, entry);
    }
    w.message(field, m);
  };
}
