/** DNS message shapes (RFC 1035, RFC 2782 SRV, RFC 6891 EDNS0) used by the codec and the server. */

export const RecordType = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const RecordClass = { IN: 1 } as const;
export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const Opcode = { QUERY: 0 } as const;

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface MxData {
  preference: number;
  exchange: string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/**
 * A/AAAA: the address text; CNAME/PTR/NS: a name; TXT: its strings; SRV, MX and SOA: their
 * fields; any other type: the raw RDATA (RFC 3597: later types never compress names in it).
 */
export type RecordData = string | string[] | SrvData | MxData | SoaData | Buffer;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RecordData;
}

export interface Edns {
  /** The requester's UDP payload size (at least 512 is assumed). */
  udpSize: number;
  /** The DNSSEC OK bit. */
  dnssecOk?: boolean;
}

export interface DnsMessage {
  id: number;
  /** true in a response. */
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  /** Additional records other than OPT (which is `edns`). */
  additionals: ResourceRecord[];
  edns?: Edns;
}

/** A malformed message: the server answers FORMERR when it could read the header. */
export class DnsFormatError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DnsFormatError';
    this.offset = offset;
  }
}

/** A response to `query` with its id, question, RD bit and EDNS echoed. */
export function responseTo(query: DnsMessage, fields: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id: query.id, qr: true, opcode: query.opcode, aa: false, tc: false, rd: query.rd, ra: true, rcode: Rcode.NOERROR,
    questions: query.questions, answers: [], authorities: [], additionals: [],
    edns: query.edns ? { udpSize: 1232 } : undefined,
    ...fields,
  };
}
