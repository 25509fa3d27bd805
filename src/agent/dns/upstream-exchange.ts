/** One query to one upstream server over UDP or TCP (2-byte length prefix), with a deadline. */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `fd00::1`, `[fd00::1]:5353`. */
export function parseUpstream(text: string): Upstream {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: Number(bracket[2] ?? 53) };
  if (isIPv6(text)) return { host: text, port: 53 };
  const m = /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`Invalid upstream DNS server "${text}" (expected host, host:port or [v6]:port)`);
  return { host: m[1]!, port: Number(m[2] ?? 53) };
}

export class UpstreamTimeoutError extends Error {
  readonly upstream: string;
  constructor(upstream: string, ms: number) {
    super(`upstream DNS server ${upstream} did not answer within ${ms} ms`);
    this.name = 'UpstreamTimeoutError';
    this.upstream = upstream;
  }
}

/** Sends `query` over UDP from a fresh socket (random source port) and resolves with the first reply carrying its id. */
export function exchangeUdp(upstream: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    const id = query.readUInt16BE(0);
    const finish = (err: Error | undefined, reply?: Buffer) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new UpstreamTimeoutError(`${upstream.host}:${upstream.port}`, timeoutMs)), timeoutMs);
    socket.on('error', (err) => finish(err));
    socket.on('message', (msg, rinfo) => {
      if (msg.length < 12 || msg.readUInt16BE(0) !== id || rinfo.port !== upstream.port) return; // not our answer
      finish(undefined, msg);
    });
    socket.send(query, upstream.port, upstream.host, (err) => err && finish(err));
  });
}

/** Sends `query` over TCP and resolves with the one length-prefixed reply. */
export function exchangeTcp(upstream: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let buffered: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (err: Error | undefined, reply?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new UpstreamTimeoutError(`${upstream.host}:${upstream.port} (tcp)`, timeoutMs)), timeoutMs);
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`upstream DNS server ${upstream.host}:${upstream.port} closed the TCP connection before answering`)));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2) return;
      const len = buffered.readUInt16BE(0);
      if (buffered.length >= 2 + len) finish(undefined, buffered.subarray(2, 2 + len));
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.write(Buffer.concat([prefix, query]));
  });
}
