/** A local upstream DNS server for forwarding tests: fixed answers, counts what it was asked. */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { decodeMessage, encodeMessage } from '../../../src/agent/dns/dns-codec.js';
import { RecordClass, RecordType, Rcode, type DnsMessage, type ResourceRecord } from '../../../src/agent/dns/dns-types.js';

export interface FakeUpstream {
  address: string;
  asked: { name: string; transport: 'udp' | 'tcp' }[];
  close(): Promise<void>;
}

function answer(query: DnsMessage, transport: 'udp' | 'tcp'): DnsMessage {
  const q = query.questions[0]!;
  const rr = (data: string, ttl = 300): ResourceRecord => ({ name: q.name, type: RecordType.A, class: RecordClass.IN, ttl, data });
  const base = { ...query, qr: true, ra: true, edns: undefined };
  if (q.name === 'example.org' && q.type === RecordType.A) return { ...base, answers: [rr('93.184.216.34')] };
  if (q.name === 'short.example' && q.type === RecordType.A) return { ...base, answers: [rr('192.0.2.1', 0)] };
  if (q.name === 'big.example') {
    if (transport === 'udp') return { ...base, tc: true };
    return { ...base, answers: Array.from({ length: 100 }, (_, i) => rr(`192.0.2.${i}`)) };
  }
  return { ...base, rcode: Rcode.NXDOMAIN };
}

/** Binds UDP and TCP on one free port of 127.0.0.1; `silent` never answers (for timeouts). */
export async function startFakeUpstream(options: { silent?: boolean } = {}): Promise<FakeUpstream> {
  const asked: FakeUpstream['asked'] = [];
  const udp: Socket = createSocket('udp4');
  udp.on('message', (buf, rinfo) => {
    const q = decodeMessage(buf);
    asked.push({ name: q.questions[0]!.name, transport: 'udp' });
    if (!options.silent) udp.send(encodeMessage(answer(q, 'udp')), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  const port = udp.address().port;
  const tcp: Server = createServer((conn) => {
    conn.on('data', (buf: Buffer) => {
      const q = decodeMessage(buf.subarray(2));
      asked.push({ name: q.questions[0]!.name, transport: 'tcp' });
      const wire = encodeMessage(answer(q, 'tcp'));
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(wire.length);
      conn.end(Buffer.concat([prefix, wire]));
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${port}`,
    asked,
    close: async () => {
      await new Promise<void>((r) => udp.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}
