import type { Duplex } from 'node:stream';
import { FLAG_FIN, FLAG_UNIDIRECTIONAL, FrameParser, FrameType, RstStatus, encodeDataFrame, encodeGoAway, encodePing, encodeRstStream, encodeSynReply, type Frame } from './frames.js';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block.js';
import { SpdyStream, type StreamOwner } from './spdy-stream.js';

export interface SpdySessionOptions {
  /** A stream the peer opened (its SYN_STREAM headers are on the stream); reply() to accept it. */
  onStream(stream: SpdyStream): void;
}

const MAX_DATA_CHUNK = 32 * 1024;

/**
 * The server side of a SPDY/3.1 connection over any byte Duplex (a TLS socket after an HTTP
 * upgrade, or a WebSocket tunnel). Streams are opened by the peer only. Flow control windows
 * are not enforced (the Go spdystream peer neither sends nor honours WINDOW_UPDATE).
 */
export class SpdySession implements StreamOwner {
  #socket: Duplex;
  #options: SpdySessionOptions;
  #parser = new FrameParser();
  #compressor = new HeaderCompressor();
  #decompressor = new HeaderDecompressor();
  #streams = new Map<number, SpdyStream>();
  #incoming: Promise<void> = Promise.resolve();
  #outgoing: Promise<void> = Promise.resolve();
  #lastStreamId = 0;
  #closed = false;
  readonly closed: Promise<void>;

  constructor(socket: Duplex, options: SpdySessionOptions, head?: Buffer) {
    this.#socket = socket;
    this.#options = options;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => this.#teardown());
    socket.on('close', () => this.#teardown());
    socket.on('end', () => this.#teardown());
    if (head?.length) this.#receive(head);
  }

  /** Sends GOAWAY once everything queued is written, then ends the connection. */
  close(): Promise<void> {
    if (this.#closed) return this.#outgoing;
    this.#closed = true;
    const done = this.#enqueue(async () => encodeGoAway(this.#lastStreamId)).then(() => {
      this.#socket.end();
    });
    return done;
  }

  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    if (data.length <= MAX_DATA_CHUNK) return this.#enqueue(async () => encodeDataFrame(streamId, fin ? FLAG_FIN : 0, data));
    let last: Promise<void> = Promise.resolve();
    for (let i = 0; i < data.length; i += MAX_DATA_CHUNK) {
      const end = Math.min(i + MAX_DATA_CHUNK, data.length);
      last = this.#enqueue(async () => encodeDataFrame(streamId, fin && end === data.length ? FLAG_FIN : 0, data.subarray(i, end)));
    }
    return last;
  }

  sendReply(streamId: number, headers: SpdyHeaders): Promise<void> {
    return this.#enqueue(async () => encodeSynReply(streamId, await this.#compressor.compress(headers)));
  }

  sendReset(streamId: number, status: number): Promise<void> {
    return this.#enqueue(async () => encodeRstStream(streamId, status));
  }

  forget(streamId: number): void {
    this.#streams.delete(streamId);
  }

  #enqueue(make: () => Promise<Buffer>): Promise<void> {
    const run = this.#outgoing.then(async () => {
      const frame = await make();
      if (this.#socket.destroyed || this.#socket.writableEnded) return;
      await new Promise<void>((resolve) => this.#socket.write(frame, () => resolve()));
    });
    this.#outgoing = run.catch(() => {});
    return run;
  }

  #receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.#parser.push(chunk);
    } catch {
      this.#socket.destroy();
      return;
    }
    for (const frame of frames) {
      this.#incoming = this.#incoming.then(() => this.#handle(frame)).catch(() => {
        this.#socket.destroy();
      });
    }
  }

  async #handle(frame: Frame): Promise<void> {
    if (!frame.control) {
      this.#streams.get(frame.streamId)?.receive(frame.data, (frame.flags & FLAG_FIN) !== 0);
      return;
    }
    const p = frame.payload;
    switch (frame.type) {
      case FrameType.SynStream: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = await this.#decompressor.decompress(p.subarray(10));
        if (id === 0 || id <= this.#lastStreamId || this.#closed) {
          await this.sendReset(id, RstStatus.ProtocolError);
          return;
        }
        this.#lastStreamId = id;
        const stream = new SpdyStream(this, id, headers);
        this.#streams.set(id, stream);
        if (frame.flags & FLAG_FIN) stream.markRemoteFinished();
        if (frame.flags & FLAG_UNIDIRECTIONAL) stream.markLocalFinished();
        this.#options.onStream(stream);
        return;
      }
      case FrameType.SynReply:
      case FrameType.Headers: {
        // Keep the shared zlib context in step even though the headers are not used.
        await this.#decompressor.decompress(p.subarray(4));
        if (frame.flags & FLAG_FIN) this.#streams.get(p.readUInt32BE(0) & 0x7fffffff)?.markRemoteFinished();
        return;
      }
      case FrameType.RstStream:
        this.#streams.get(p.readUInt32BE(0) & 0x7fffffff)?.abort();
        return;
      case FrameType.Ping: {
        const id = p.readUInt32BE(0);
        // Pings the peer started carry odd ids (it is the client): echo them.
        if (id % 2 === 1) await this.#enqueue(async () => encodePing(id));
        return;
      }
      default:
        // SETTINGS, WINDOW_UPDATE, GOAWAY: nothing to do.
        return;
    }
  }

  #teardown(): void {
    this.#closed = true;
    for (const stream of [...this.#streams.values()]) stream.abort();
    this.#streams.clear();
    this.#compressor.close();
    this.#decompressor.close();
  }
}
