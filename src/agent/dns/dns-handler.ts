/**
 * Turns a query's bytes into the response's bytes: cluster names from the index, everything
 * else through the forwarder; FORMERR/NOTIMP/SERVFAIL as the case demands; UDP answers cut to
 * 512 bytes, or the requester's EDNS0 size, with the TC bit.
 */
import type { Logger } from '../../log.js';
import type { ClusterIndex } from './cluster-index.js';
import { decodeMessage, encodeMessage, peekId } from './dns-codec.js';
import { Opcode, Rcode, RecordClass, RecordType, responseTo, type DnsMessage, type Question } from './dns-types.js';
import type { Forwarder } from './forwarder.js';
import { resolveCluster, type ClusterAnswer, type ResolveOptions } from './resolve-cluster.js';

export type Transport = 'udp' | 'tcp';

export interface DnsStats {
  queries: number;
  cluster: number;
  nxdomain: number;
  forwarded: number;
  servfail: number;
  formerr: number;
  truncated: number;
}

export interface DnsHandlerOptions extends ResolveOptions {
  index: ClusterIndex;
  forwarder?: Forwarder;
  log: Logger;
}

/** Cluster answers kept as bytes, per query bytes after the id (cleared when the index changes or it grows past this). */
const WIRE_CACHE_SIZE = 10_000;

/** The largest UDP answer we send, whatever the requester offers (the DNS flag day 2020 value is 1232). */
const MAX_UDP = 4096;

export class DnsHandler {
  readonly #o: DnsHandlerOptions;
  readonly #wire = new Map<string, Buffer>();
  #wireGeneration = -1;
  readonly stats: DnsStats = { queries: 0, cluster: 0, nxdomain: 0, forwarded: 0, servfail: 0, formerr: 0, truncated: 0 };

  constructor(options: DnsHandlerOptions) {
    this.#o = options;
  }

  /**
   * The response to send, or undefined to stay silent (not a query, or too short to answer).
   * Cluster answers come back synchronously (no promise per query); forwarded ones as a promise.
   */
  answer(bytes: Buffer, transport: Transport): Buffer | undefined | Promise<Buffer | undefined> {
    this.stats.queries += 1;
    const generation = this.#o.index.generation;
    if (generation !== this.#wireGeneration) {
      this.#wire.clear();
      this.#wireGeneration = generation;
    }
    // Same question, flags and EDNS over the same transport: the same answer but for the id.
    const key = bytes.length <= 512 ? transport + bytes.toString('latin1', 2) : undefined;
    const hit = key === undefined ? undefined : this.#wire.get(key);
    if (hit) {
      this.stats.cluster += 1;
      if ((hit[3]! & 0x0f) === Rcode.NXDOMAIN) this.stats.nxdomain += 1;
      const reply = Buffer.from(hit);
      reply.writeUInt16BE(bytes.readUInt16BE(0), 0);
      return reply;
    }
    let query: DnsMessage;
    try {
      query = decodeMessage(bytes);
    } catch {
      return this.#formerr(bytes);
    }
    if (query.qr) return undefined;
    const response = this.#respond(query);
    if (response instanceof Promise) return response.then((r) => this.#encode(query, r, transport));
    const wire = this.#encode(query, response, transport);
    if (key !== undefined && response.aa) {
      if (this.#wire.size >= WIRE_CACHE_SIZE) this.#wire.clear();
      this.#wire.set(key, wire);
    }
    return wire;
  }

  #encode(query: DnsMessage, response: DnsMessage, transport: Transport): Buffer {
    const maxSize = transport === 'tcp' ? 65535 : query.edns ? Math.min(MAX_UDP, Math.max(512, query.edns.udpSize)) : 512;
    const wire = encodeMessage(response, { maxSize });
    if ((wire[2]! & 0x02) !== 0 && !response.tc) this.stats.truncated += 1;
    return wire;
  }

  #respond(query: DnsMessage): DnsMessage | Promise<DnsMessage> {
    if (query.opcode !== Opcode.QUERY) return responseTo(query, { rcode: Rcode.NOTIMP });
    if (query.questions.length !== 1) {
      this.stats.formerr += 1;
      return responseTo(query, { rcode: Rcode.FORMERR });
    }
    const q = query.questions[0]!;
    const local = q.class === RecordClass.IN || q.class === RecordType.ANY ? resolveCluster(this.#o.index, q, this.#o) : undefined;
    if (local) {
      this.stats.cluster += 1;
      if (local.rcode === Rcode.NXDOMAIN) this.stats.nxdomain += 1;
      const reply = () => responseTo(query, { aa: true, rcode: local.rcode, answers: local.answers, authorities: local.authorities, additionals: local.additionals });
      return local.chase ? this.#chase(q, local).then(reply) : reply();
    }
    return this.#forward(query, q);
  }

  async #forward(query: DnsMessage, q: Question): Promise<DnsMessage> {
    if (!this.#o.forwarder) return responseTo(query, { rcode: Rcode.REFUSED });
    this.stats.forwarded += 1;
    try {
      const a = await this.#o.forwarder.forward(q, query.edns?.dnssecOk ?? false);
      return responseTo(query, { rcode: a.rcode, answers: a.answers, authorities: a.authorities, additionals: a.additionals });
    } catch (err) {
      this.stats.servfail += 1;
      this.#o.log.warn('cannot forward a DNS question', { name: q.name, type: q.type, error: (err as Error).message });
      return responseTo(query, { rcode: Rcode.SERVFAIL });
    }
  }

  /** Appends the addresses of an ExternalName's target (from the cluster, or the upstreams) after its CNAME. */
  async #chase(q: Question, local: ClusterAnswer, depth = 0): Promise<void> {
    const target: Question = { name: local.chase!, type: q.type, class: q.class };
    const inCluster = depth < 8 ? resolveCluster(this.#o.index, target, this.#o) : undefined;
    if (inCluster) {
      local.answers.push(...inCluster.answers);
      if (inCluster.chase) await this.#chase(q, { ...local, chase: inCluster.chase }, depth + 1);
      return;
    }
    if (!this.#o.forwarder) return;
    try {
      const a = await this.#o.forwarder.forward(target);
      local.answers.push(...a.answers);
      if (local.answers.length > 1) local.authorities.length = 0;
    } catch (err) {
      this.#o.log.debug('cannot resolve an ExternalName target', { name: target.name, error: (err as Error).message });
    }
  }

  #formerr(bytes: Buffer): Buffer | undefined {
    const id = peekId(bytes);
    if (id === undefined || (bytes[2]! & 0x80) !== 0) return undefined;
    this.stats.formerr += 1;
    return encodeMessage({ id, qr: true, opcode: (bytes[2]! >> 3) & 0xf, aa: false, tc: false, rd: (bytes[2]! & 1) !== 0, ra: true, rcode: Rcode.FORMERR, questions: [], answers: [], authorities: [], additionals: [] });
  }
}
