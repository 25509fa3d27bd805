/** SPDY/3 name/value header blocks and their connection-wide zlib contexts. */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';

export type SpdyHeaders = Record<string, string>;

/** Serialises headers as SPDY/3 pairs (names lower-cased; multiple values joined by NUL). */
export function encodeHeaderPairs(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses SPDY/3 pairs; a repeated value (NUL-separated) keeps its first part. */
export function decodeHeaderPairs(block: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let pos = 0;
  const take = (): Buffer => {
    const len = block.readUInt32BE(pos);
    const out = block.subarray(pos + 4, pos + 4 + len);
    if (out.length !== len) throw new RangeError(`SPDY header block truncated at byte ${pos}`);
    pos += 4 + len;
    return out;
  };
  const count = block.readUInt32BE(0);
  pos = 4;
  for (let i = 0; i < count; i++) {
    const name = take().toString('utf8').toLowerCase();
    const value = take().toString('utf8');
    headers[name] = value.split('\0')[0];
  }
  return headers;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Runs one zlib context: every call gives the output of its input, flushed, in call order. */
class ZlibContext {
  #engine: Deflate | Inflate;
  #chunks: Buffer[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(engine: Deflate | Inflate) {
    this.#engine = engine;
    engine.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
    engine.on('error', () => {});
  }

  process(input: Buffer): Promise<Buffer> {
    const run = this.#queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          this.#engine.once('error', onError);
          this.#engine.write(input);
          this.#engine.flush(constants.Z_SYNC_FLUSH, () => {
            this.#engine.off('error', onError);
            const out = Buffer.concat(this.#chunks);
            this.#chunks = [];
            resolve(out);
          });
        }),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  close(): void {
    this.#engine.close();
  }
}

/** Compresses outgoing header blocks of one connection. */
export class HeaderCompressor {
  #ctx = new ZlibContext(createDeflate({ dictionary: SPDY3_DICTIONARY }));

  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.#ctx.process(encodeHeaderPairs(headers));
  }

  close(): void {
    this.#ctx.close();
  }
}

/** Decompresses incoming header blocks of one connection. */
export class HeaderDecompressor {
  #ctx = new ZlibContext(createInflate({ dictionary: SPDY3_DICTIONARY }));

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderPairs(await this.#ctx.process(block));
  }

  close(): void {
    this.#ctx.close();
  }
}
