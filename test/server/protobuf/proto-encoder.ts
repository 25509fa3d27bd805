/** A tiny protobuf encoder for building test bodies by field number. */

export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function tag(field: number, wireType: number): number[] {
  return varint((field << 3) | wireType);
}

export function int(field: number, value: number | bigint): number[] {
  return [...tag(field, 0), ...varint(value)];
}

export function bool(field: number, value: boolean): number[] {
  return int(field, value ? 1 : 0);
}

export function bytes(field: number, payload: number[] | Uint8Array): number[] {
  const arr = [...payload];
  return [...tag(field, 2), ...varint(arr.length), ...arr];
}

export function str(field: number, value: string): number[] {
  return bytes(field, Buffer.from(value, 'utf8'));
}

export function msg(field: number, ...parts: number[][]): number[] {
  return bytes(field, parts.flat());
}

export function double(field: number, value: number): number[] {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return [...tag(field, 1), ...b];
}

export function fixed32(field: number, value: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return [...tag(field, 5), ...b];
}

/** A map<string, V> entry: key = 1, value = 2 (value already encoded as field 2). */
export function mapEntry(field: number, key: string, value: number[]): number[] {
  return msg(field, str(1, key), value);
}

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, raw: number[], extra: number[] = []): Uint8Array {
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...bytes(2, raw), ...extra]);
}
