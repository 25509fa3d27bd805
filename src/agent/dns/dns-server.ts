/** UDP and TCP listeners (the same port on each address) that hand every query to a DnsHandler. */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from '../../log.js';
import type { DnsHandler } from './dns-handler.js';

export interface ListenAddress {
  host: string;
  /** 0: a free port, the same for UDP and TCP. */
  port: number;
}

export interface DnsListeners {
  /** The bound addresses (ports resolved). */
  addresses: ListenAddress[];
  close(): Promise<void>;
}

/** TCP connections idle this long are closed (RFC 7766 suggests seconds). */
const TCP_IDLE_MS = 10_000;

export async function listenDns(listen: ListenAddress[], handler: DnsHandler, log: Logger): Promise<DnsListeners> {
  const udps: UdpSocket[] = [];
  const tcps: Server[] = [];
  const connections = new Set<Socket>();
  const addresses: ListenAddress[] = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const c of connections) c.destroy();
      await Promise.all([...udps.map((s) => new Promise<void>((r) => s.close(() => r()))), ...tcps.map((s) => new Promise<void>((r) => s.close(() => r())))]);
    })());
  try {
    for (const want of listen) {
      // A random UDP port may be taken on TCP: try a few.
      for (let attempt = 0; ; attempt++) {
        const udp = await bindUdp(want, handler, log);
        const port = udp.address().port;
        try {
          tcps.push(await bindTcp({ host: want.host, port }, handler, log, connections));
          udps.push(udp);
          addresses.push({ host: want.host, port });
          break;
        } catch (err) {
          udp.close();
          if (want.port !== 0 || attempt >= 5 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        }
      }
    }
  } catch (err) {
    await close();
    throw new Error(`cannot listen for DNS on ${listen.map((l) => `${l.host}:${l.port}`).join(', ')}: ${(err as Error).message}`, { cause: err });
  }
  return { addresses, close };
}

function bindUdp(at: ListenAddress, handler: DnsHandler, log: Logger): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIPv6(at.host) ? 'udp6' : 'udp4', reuseAddr: false });
    socket.once('error', reject);
    const fail = (err: unknown, from: string) => log.error('DNS query failed', { from, error: (err as Error).message });
    socket.on('message', (msg, rinfo) => {
      try {
        const reply = handler.answer(msg, 'udp');
        if (reply instanceof Promise) reply.then((r) => r && socket.send(r, rinfo.port, rinfo.address), (err) => fail(err, rinfo.address));
        else if (reply) socket.send(reply, rinfo.port, rinfo.address);
      } catch (err) {
        fail(err, rinfo.address);
      }
    });
    socket.bind(at.port, at.host, () => {
      socket.off('error', reject);
      socket.on('error', (err) => log.error('DNS UDP socket error', { address: at.host, error: err.message }));
      resolve(socket);
    });
  });
}

function bindTcp(at: ListenAddress, handler: DnsHandler, log: Logger, connections: Set<Socket>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((conn) => serveConnection(conn, handler, log, connections));
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      server.on('error', (err) => log.error('DNS TCP listener error', { address: at.host, error: err.message }));
      resolve(server);
    });
  });
}

/** Length-prefixed queries, answered as they complete (pipelining allowed, RFC 7766). */
function serveConnection(conn: Socket, handler: DnsHandler, log: Logger, connections: Set<Socket>): void {
  connections.add(conn);
  conn.setTimeout(TCP_IDLE_MS, () => conn.destroy());
  conn.on('close', () => connections.delete(conn));
  conn.on('error', () => conn.destroy());
  let buffered: Buffer = Buffer.alloc(0);
  conn.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 2) {
      const len = buffered.readUInt16BE(0);
      if (buffered.length < 2 + len) break;
      const msg = buffered.subarray(2, 2 + len);
      buffered = buffered.subarray(2 + len);
      Promise.resolve()
        .then(() => handler.answer(msg, 'tcp'))
        .then(
          (reply) => {
            if (!reply || conn.destroyed) return;
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(reply.length);
            conn.write(Buffer.concat([prefix, reply]));
          },
          (err) => log.error('DNS query failed', { from: conn.remoteAddress, error: (err as Error).message }),
        );
    }
  });
}
