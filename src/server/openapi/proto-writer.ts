/**
 * A writer of protobuf wire format: varints, doubles, strings and nested messages. A nested
 * message is a writer of its own; appending it copies no bytes (its parts are shared), so a
 * deep document is concatenated once, in `finish`.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;

const encoder = new TextEncoder();

export class ProtoWriter {
  readonly #parts: Uint8Array[] = [];
  #pending: number[] = [];
  #length = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#parts.push(Uint8Array.from(this.#pending));
    this.#pending = [];
  }

  #raw(bytes: Uint8Array): void {
    this.#flush();
    this.#parts.push(bytes);
    this.#length += bytes.length;
  }

  #varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.#pending.push(Number(v & 0x7fn) | 0x80);
      this.#length++;
      v >>= 7n;
    }
    this.#pending.push(Number(v));
    this.#length++;
  }

  #tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`Invalid protobuf field number: ${field}`);
    this.#varint(field * 8 + wireType);
  }

  /** A varint field (int32, int64, uint64, enum); negative numbers take ten bytes, as in Go. */
  int(field: number, value: number | bigint): this {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError(`Field ${field} wants an integer, got ${value}`);
    this.#tag(field, WIRE_VARINT);
    this.#varint(value);
    return this;
  }

  bool(field: number, value: boolean): this {
    this.#tag(field, WIRE_VARINT);
    this.#varint(value ? 1 : 0);
    return this;
  }

  double(field: number, value: number): this {
    this.#tag(field, WIRE_FIXED64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.#raw(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, WIRE_BYTES);
    this.#varint(value.length);
    this.#raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A nested message: `message` is not copied and must not be written to afterwards. */
  message(field: number, message: ProtoWriter): this {
    this.#tag(field, WIRE_BYTES);
    this.#varint(message.#length);
    message.#flush();
    this.#flush();
    for (const part of message.#parts) this.#parts.push(part); // no spread: may be 100k+ parts
    this.#length += message.#length;
    return this;
  }

  /** All bytes written, in one buffer. */
  finish(): Uint8Array {
    this.#flush();
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
