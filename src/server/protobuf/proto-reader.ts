/**
 * A reader of protobuf wire format: varints, fixed 32/64-bit values and length-delimited
 * fields, with bounds checked. Failures throw ProtoError naming what was wrong and where.
 */

export class ProtoError extends Error {
  path?: string;
  constructor(message: string) {
    super(message);
    this.name = 'ProtoError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

export interface Tag {
  field: number;
  wireType: number;
}

export class ProtoReader {
  readonly #buf: Uint8Array;
  #pos: number;
  readonly #end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#pos = start;
    this.#end = end;
  }

  get offset(): number {
    return this.#pos;
  }

  done(): boolean {
    return this.#pos >= this.#end;
  }

  /** An unsigned 64-bit varint. */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    const start = this.#pos;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new ProtoError(`truncated varint at offset ${start}`);
      const byte = this.#buf[this.#pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtoError(`varint longer than 10 bytes at offset ${start}`);
  }

  tag(): Tag {
    const start = this.#pos;
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0 || field > 0x1fffffff) throw new ProtoError(`invalid field number ${field} at offset ${start}`);
    return { field, wireType };
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const start = this.#pos;
    const length = this.varint();
    if (length > BigInt(this.#end - this.#pos)) throw new ProtoError(`truncated length-delimited field at offset ${start}: ${length} bytes announced, ${this.#end - this.#pos} left`);
    const n = Number(length);
    const view = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return view;
  }

  fixed64(): DataView {
    return this.#fixed(8);
  }

  fixed32(): DataView {
    return this.#fixed(4);
  }

  #fixed(n: number): DataView {
    if (this.#end - this.#pos < n) throw new ProtoError(`truncated ${n * 8}-bit value at offset ${this.#pos}`);
    const view = new DataView(this.#buf.buffer, this.#buf.byteOffset + this.#pos, n);
    this.#pos += n;
    return view;
  }

  /** Skips one field's payload of `wireType` (groups included). */
  skip(wireType: number, field = 0): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.#fixed(8);
        return;
      case WIRE_BYTES:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.#fixed(4);
        return;
      case WIRE_START_GROUP:
        for (;;) {
          if (this.done()) throw new ProtoError(`unterminated group of field ${field}`);
          const tag = this.tag();
          if (tag.wireType === WIRE_END_GROUP) {
            if (tag.field !== field) throw new ProtoError(`group of field ${field} closed by field ${tag.field}`);
            return;
          }
          this.skip(tag.wireType, tag.field);
        }
      default:
        throw new ProtoError(`invalid wire type ${wireType} at offset ${this.#pos}`);
    }
  }
}
