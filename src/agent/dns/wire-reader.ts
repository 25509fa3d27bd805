/** Reads DNS wire data with bounds checks; names follow compression pointers (loop-safe). */
import { DnsFormatError } from './dns-types.js';
import { shortenIpv6 } from './ipv6-text.js';

export class WireReader {
  readonly #buf: Buffer;
  #pos: number;

  constructor(buf: Buffer, offset = 0) {
    this.#buf = buf;
    this.#pos = offset;
  }

  get offset(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  u8(): number {
    this.#need(1);
    return this.#buf[this.#pos++]!;
  }

  u16(): number {
    this.#need(2);
    const v = this.#buf.readUInt16BE(this.#pos);
    this.#pos += 2;
    return v;
  }

  u32(): number {
    this.#need(4);
    const v = this.#buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.#need(n);
    const out = Buffer.from(this.#buf.subarray(this.#pos, this.#pos + n));
    this.#pos += n;
    return out;
  }

  /** A domain name, without the trailing dot ("" for the root). */
  name(): string {
    const labels: string[] = [];
    let pos = this.#pos;
    let end = -1;
    let jumps = 0;
    let total = 0;
    for (;;) {
      if (pos >= this.#buf.length) throw new DnsFormatError('name runs past the end of the message', pos);
      const len = this.#buf[pos]!;
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.#buf.length) throw new DnsFormatError('truncated compression pointer', pos);
        const target = ((len & 0x3f) << 8) | this.#buf[pos + 1]!;
        if (end < 0) end = pos + 2;
        if (++jumps > 64 || target >= pos) throw new DnsFormatError('compression pointer loop or forward pointer', pos);
        pos = target;
        continue;
      }
      if (len & 0xc0) throw new DnsFormatError(`unsupported label type 0x${len.toString(16)}`, pos);
      if (len === 0) {
        pos += 1;
        break;
      }
      if (pos + 1 + len > this.#buf.length) throw new DnsFormatError('label runs past the end of the message', pos);
      total += len + 1;
      if (total > 255) throw new DnsFormatError('name longer than 255 bytes', pos);
      labels.push(this.#buf.toString('utf8', pos + 1, pos + 1 + len));
      pos += 1 + len;
    }
    this.#pos = end >= 0 ? end : pos;
    return labels.join('.');
  }

  /** A `<character-string>`. */
  text(): string {
    const len = this.u8();
    return this.bytes(len).toString('utf8');
  }

  ipv4(): string {
    const b = this.bytes(4);
    return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  }

  ipv6(): string {
    const b = this.bytes(16);
    const words: string[] = [];
    for (let i = 0; i < 16; i += 2) words.push(b.readUInt16BE(i).toString(16));
    return shortenIpv6(words);
  }

  #need(n: number): void {
    if (this.#pos + n > this.#buf.length) throw new DnsFormatError(`needs ${n} more byte(s), ${this.remaining} left`, this.#pos);
  }
}
