/** Encodes and decodes DNS messages: header, questions, records (A/AAAA/CNAME/NS/PTR/TXT/SRV/SOA, others raw), EDNS0 OPT. */
import { DnsFormatError, RecordType, type DnsMessage, type Question, type RecordData, type MxData, type ResourceRecord, type SoaData, type SrvData } from './dns-types.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

export interface EncodeOptions {
  /**
   * The largest message to produce: records that do not fit are left out whole and the TC bit
   * is set (UDP: 512, or the requester's EDNS size). Default: no limit.
   */
  maxSize?: number;
}

export function encodeMessage(msg: DnsMessage, options: EncodeOptions = {}): Buffer {
  const w = new WireWriter();
  w.u16(msg.id);
  w.u16(0); // flags, patched below
  for (let i = 0; i < 4; i++) w.u16(0);
  for (const q of msg.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  const optSize = msg.edns ? 11 : 0;
  const limit = (options.maxSize ?? Infinity) - optSize;
  let tc = msg.tc;
  const counts = [0, 0, 0];
  const sections = [msg.answers, msg.authorities, msg.additionals];
  outer: for (let s = 0; s < 3; s++) {
    for (const rr of sections[s]!) {
      const before = w.length;
      writeRecord(w, rr);
      if (w.length > limit) {
        w.truncate(before);
        // Only a cut in the answer or authority section means the answer is incomplete (RFC 2181 9).
        if (s < 2) tc = true;
        break outer;
      }
      counts[s]! += 1;
    }
  }
  if (msg.edns) {
    w.u8(0); // root
    w.u16(RecordType.OPT);
    w.u16(Math.max(512, msg.edns.udpSize));
    w.u8((msg.rcode >> 4) & 0xff); // extended rcode
    w.u8(0); // version
    w.u16(msg.edns.dnssecOk ? 0x8000 : 0);
    w.u16(0); // no options
  }
  const flags = (msg.qr ? 0x8000 : 0) | ((msg.opcode & 0xf) << 11) | (msg.aa ? 0x400 : 0) | (tc ? 0x200 : 0) | (msg.rd ? 0x100 : 0) | (msg.ra ? 0x80 : 0) | (msg.rcode & 0xf);
  w.patch16(2, flags);
  w.patch16(4, msg.questions.length);
  w.patch16(6, counts[0]!);
  w.patch16(8, counts[1]!);
  w.patch16(10, counts[2]! + (msg.edns ? 1 : 0));
  return Buffer.from(w.bytes());
}

export function decodeMessage(buf: Buffer): DnsMessage {
  const r = new WireReader(buf);
  const id = r.u16();
  const flags = r.u16();
  const [qd, an, ns, ar] = [r.u16(), r.u16(), r.u16(), r.u16()];
  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) questions.push({ name: r.name(), type: r.u16(), class: r.u16() });
  const read = (n: number) => Array.from({ length: n }, () => readRecord(r));
  const answers = read(an);
  const authorities = read(ns);
  const additionals: ResourceRecord[] = [];
  let edns: DnsMessage['edns'];
  let rcodeHigh = 0;
  for (let i = 0; i < ar; i++) {
    const start = r.offset;
    const name = r.name();
    const type = r.u16();
    if (type === RecordType.OPT) {
      if (name !== '') throw new DnsFormatError('OPT record not at the root', start);
      const udpSize = r.u16();
      rcodeHigh = r.u8();
      r.u8(); // version
      const z = r.u16();
      r.bytes(r.u16()); // options are ignored
      edns = { udpSize, dnssecOk: (z & 0x8000) !== 0 };
      continue;
    }
    additionals.push(readRecordBody(r, name, type));
  }
  return {
    id, qr: (flags & 0x8000) !== 0, opcode: (flags >> 11) & 0xf, aa: (flags & 0x400) !== 0, tc: (flags & 0x200) !== 0,
    rd: (flags & 0x100) !== 0, ra: (flags & 0x80) !== 0, rcode: (flags & 0xf) | (rcodeHigh << 4),
    questions, answers, authorities, additionals, edns,
  };
}

/** The id of a message, and whether it is long enough to have a header at all. */
export function peekId(buf: Buffer): number | undefined {
  return buf.length >= 12 ? buf.readUInt16BE(0) : undefined;
}

function writeRecord(w: WireWriter, rr: ResourceRecord): void {
  w.name(rr.name);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  const lengthAt = w.length;
  w.u16(0);
  const d = rr.data;
  switch (rr.type) {
    case RecordType.A:
      w.ipv4(d as string);
      break;
    case RecordType.AAAA:
      w.ipv6(d as string);
      break;
    case RecordType.CNAME:
    case RecordType.NS:
    case RecordType.PTR:
      w.name(d as string);
      break;
    case RecordType.TXT:
      for (const s of d as string[]) w.text(s);
      break;
    case RecordType.SRV: {
      const srv = d as SrvData;
      w.u16(srv.priority);
      w.u16(srv.weight);
      w.u16(srv.port);
      w.name(srv.target, false); // RFC 2782: the target is not compressed
      break;
    }
    case RecordType.MX:
      w.u16((d as MxData).preference);
      w.name((d as MxData).exchange);
      break;
    case RecordType.SOA: {
      const soa = d as SoaData;
      w.name(soa.mname);
      w.name(soa.rname);
      for (const v of [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum]) w.u32(v);
      break;
    }
    default:
      if (!Buffer.isBuffer(d)) throw new TypeError(`Record type ${rr.type} needs raw Buffer data, got ${typeof d}`);
      w.raw(d);
  }
  w.patch16(lengthAt, w.length - lengthAt - 2);
}

function readRecord(r: WireReader): ResourceRecord {
  const name = r.name();
  return readRecordBody(r, name, r.u16());
}

function readRecordBody(r: WireReader, name: string, type: number): ResourceRecord {
  const cls = r.u16();
  const ttl = r.u32();
  const length = r.u16();
  const start = r.offset;
  if (r.remaining < length) throw new DnsFormatError(`RDATA of ${length} bytes runs past the end`, start);
  let data: RecordData;
  switch (type) {
    case RecordType.A:
      data = length === 4 ? r.ipv4() : r.bytes(length);
      break;
    case RecordType.AAAA:
      data = length === 16 ? r.ipv6() : r.bytes(length);
      break;
    case RecordType.CNAME:
    case RecordType.NS:
    case RecordType.PTR:
      data = r.name();
      break;
    case RecordType.TXT: {
      const strings: string[] = [];
      while (r.offset < start + length) strings.push(r.text());
      data = strings;
      break;
    }
    case RecordType.SRV:
      data = { priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() };
      break;
    case RecordType.MX:
      data = { preference: r.u16(), exchange: r.name() };
      break;
    case RecordType.SOA:
      data = { mname: r.name(), rname: r.name(), serial: r.u32(), refresh: r.u32(), retry: r.u32(), expire: r.u32(), minimum: r.u32() };
      break;
    default:
      data = r.bytes(length);
  }
  if (r.offset !== start + length) throw new DnsFormatError(`RDATA of type ${type} is ${r.offset - start} bytes, RDLENGTH says ${length}`, start);
  return { name, type, class: cls, ttl, data };
}
