/** A growing byte buffer that writes DNS names with compression (RFC 1035 4.1.4). */
import { isIPv4, isIPv6 } from 'node:net';

export class WireWriter {
  #buf = Buffer.allocUnsafe(512);
  #pos = 0;
  /** Lower-cased name suffix -> offset of its first label, for pointers. */
  readonly #names = new Map<string, number>();

  get length(): number {
    return this.#pos;
  }

  /** Drops everything written after `length` (names recorded there are forgotten too). */
  truncate(length: number): void {
    this.#pos = length;
    for (const [name, offset] of this.#names) if (offset >= length) this.#names.delete(name);
  }

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#pos);
  }

  u8(v: number): void {
    this.#room(1);
    this.#buf[this.#pos++] = v & 0xff;
  }

  u16(v: number): void {
    this.#room(2);
    this.#buf.writeUInt16BE(v & 0xffff, this.#pos);
    this.#pos += 2;
  }

  u32(v: number): void {
    this.#room(4);
    this.#buf.writeUInt32BE(v >>> 0, this.#pos);
    this.#pos += 4;
  }

  raw(data: Buffer): void {
    this.#room(data.length);
    data.copy(this.#buf, this.#pos);
    this.#pos += data.length;
  }

  /** Overwrites a 16-bit value already written at `offset` (counts, RDLENGTH). */
  patch16(offset: number, v: number): void {
    this.#buf.writeUInt16BE(v & 0xffff, offset);
  }

  /** A domain name, pointing at an earlier copy of its longest known suffix when `compress`. */
  name(name: string, compress = true): void {
    const n = name.endsWith('.') ? name.slice(0, -1) : name;
    if (n.length > 253) throw new RangeError(`Invalid DNS name "${name}": longer than 253 characters`);
    const lower = compress ? n.toLowerCase() : n;
    for (let start = 0; n.length > 0 && start <= n.length; ) {
      if (compress) {
        const at = this.#names.get(start === 0 ? lower : lower.slice(start));
        if (at !== undefined) {
          this.u16(0xc000 | at);
          return;
        }
        if (this.#pos < 0x4000) this.#names.set(start === 0 ? lower : lower.slice(start), this.#pos);
      }
      let end = n.indexOf('.', start);
      if (end < 0) end = n.length;
      if (end === start) throw new RangeError(`Invalid DNS name "${name}": empty label`);
      this.#room(1 + (end - start) * 3);
      const written = this.#buf.write(n.substring(start, end), this.#pos + 1, 'utf8');
      if (written > 63) throw new RangeError(`DNS label "${n.substring(start, end)}" is ${written} bytes long (at most 63)`);
      this.#buf[this.#pos] = written;
      this.#pos += 1 + written;
      start = end + 1;
    }
    this.u8(0);
  }

  /** A `<character-string>`: one length byte, at most 255 bytes. */
  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 255) throw new RangeError(`DNS character-string is ${b.length} bytes long (at most 255)`);
    this.u8(b.length);
    this.raw(b);
  }

  ipv4(address: string): void {
    if (!isIPv4(address)) throw new RangeError(`Not an IPv4 address: "${address}"`);
    for (const part of address.split('.')) this.u8(Number(part));
  }

  ipv6(address: string): void {
    if (!isIPv6(address)) throw new RangeError(`Not an IPv6 address: "${address}"`);
    this.raw(ipv6Bytes(address));
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + n));
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }
}

function ipv6Bytes(address: string): Buffer {
  let text = address;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const p = v4[1]!.split('.').map(Number);
    tail.push((p[0]! << 8) | p[1]!, (p[2]! << 8) | p[3]!);
    text = text.slice(0, -v4[1]!.length) + '0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest ? rest.split(':') : [];
  if (tail.length) r.length ? r.pop() : h.pop();
  const words = [...h, ...Array(8 - h.length - r.length - tail.length).fill('0'), ...r].map((w) => parseInt(w, 16));
  words.push(...tail);
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}
