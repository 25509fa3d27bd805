import { Duplex } from 'node:stream';
import type { SpdyHeaders } from './header-block.js';

/** What a stream needs from its session. */
export interface StreamOwner {
  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void>;
  sendReply(streamId: number, headers: SpdyHeaders): Promise<void>;
  sendReset(streamId: number, status: number): Promise<void>;
  forget(streamId: number): void;
}

/** One SPDY stream opened by the peer: a Duplex of its DATA frames; ending it sends FIN. */
export class SpdyStream extends Duplex {
  readonly id: number;
  readonly headers: SpdyHeaders;
  #owner: StreamOwner;
  #remoteDone = false;
  #localDone = false;
  #wasReset = false;

  constructor(owner: StreamOwner, id: number, headers: SpdyHeaders) {
    super({ allowHalfOpen: true });
    this.#owner = owner;
    this.id = id;
    this.headers = headers;
  }

  /** True once the peer sent RST_STREAM (or the connection went away). */
  get wasReset(): boolean {
    return this.#wasReset;
  }

  /** Accepts the stream (SYN_REPLY). */
  reply(headers: SpdyHeaders = {}): Promise<void> {
    return this.#owner.sendReply(this.id, headers);
  }

  /** Aborts the stream (RST_STREAM). */
  reset(status: number): void {
    if (this.#wasReset) return;
    this.#wasReset = true;
    void this.#owner.sendReset(this.id, status);
    this.destroy();
  }

  /** Called by the session for each DATA frame. */
  receive(data: Buffer, fin: boolean): void {
    if (this.#remoteDone) return;
    if (data.length) this.push(data);
    if (fin) this.#finishRemote();
  }

  /** Called by the session on RST_STREAM or when the connection ends. */
  abort(): void {
    this.#wasReset = true;
    this.#finishRemote();
    this.destroy();
  }

  /** Called when the stream's SYN_STREAM carried FIN. */
  markRemoteFinished(): void {
    this.#finishRemote();
  }

  /** Called when the stream's SYN_STREAM was unidirectional. */
  markLocalFinished(): void {
    this.#localDone = true;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.#localDone || this.#wasReset) return cb();
    this.#owner.sendData(this.id, chunk, false).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.#localDone || this.#wasReset) return cb();
    this.#localDone = true;
    this.#owner.sendData(this.id, Buffer.alloc(0), true).then(() => {
      this.#maybeForget();
      cb();
    }, cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.#owner.forget(this.id);
    cb(err);
  }

  #finishRemote(): void {
    if (this.#remoteDone) return;
    this.#remoteDone = true;
    this.push(null);
    this.#maybeForget();
  }

  #maybeForget(): void {
    if (this.#remoteDone && this.#localDone) this.#owner.forget(this.id);
  }
}
