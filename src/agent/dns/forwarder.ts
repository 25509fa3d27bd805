/**
 * Forwards questions outside the cluster to the node's resolvers: UDP first, TCP when the
 * answer is truncated, the next upstream on a timeout or error; a small positive cache keyed
 * by question, honouring the answers' TTLs; identical concurrent questions share one exchange.
 */
import { randomInt } from 'node:crypto';
import type { Logger } from '../../log.js';
import { decodeMessage, encodeMessage } from './dns-codec.js';
import { Rcode, type DnsMessage, type Question, type ResourceRecord } from './dns-types.js';
import { exchangeTcp, exchangeUdp, parseUpstream, type Upstream } from './upstream-exchange.js';

export interface ForwarderOptions {
  upstreams: string[];
  /** Per upstream and transport (default 2000 ms). */
  timeoutMs?: number;
  /** Cached questions at most (default 10,000); the oldest go first. */
  cacheSize?: number;
  /** Cap on a cached answer's life (default 300 s). */
  maxTtl?: number;
  log: Logger;
  now?: () => number;
}

export interface ForwardedAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
  fromCache: boolean;
}

interface CacheEntry {
  storedAt: number;
  expiresAt: number;
  answer: Omit<ForwardedAnswer, 'fromCache'>;
}

export class Forwarder {
  readonly #upstreams: Upstream[];
  readonly #timeoutMs: number;
  readonly #cacheSize: number;
  readonly #maxTtl: number;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inflight = new Map<string, Promise<ForwardedAnswer>>();
  readonly stats = { forwarded: 0, cacheHits: 0, upstreamFailures: 0 };

  constructor(options: ForwarderOptions) {
    this.#upstreams = options.upstreams.map(parseUpstream);
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#cacheSize = options.cacheSize ?? 10_000;
    this.#maxTtl = options.maxTtl ?? 300;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** Throws when every upstream failed (the server answers SERVFAIL). */
  forward(q: Question, dnssecOk = false): Promise<ForwardedAnswer> {
    const key = `${q.name.toLowerCase()}|${q.type}|${q.class}|${dnssecOk ? 1 : 0}`;
    const hit = this.#cached(key);
    if (hit) return Promise.resolve(hit);
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = this.#exchange(q, dnssecOk).finally(() => this.#inflight.delete(key));
      pending.then((a) => this.#store(key, a), () => {});
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  async #exchange(q: Question, dnssecOk: boolean): Promise<ForwardedAnswer> {
    if (this.#upstreams.length === 0) throw new Error('no upstream DNS servers configured');
    this.stats.forwarded += 1;
    const query: DnsMessage = {
      id: randomInt(0x10000), qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0,
      questions: [q], answers: [], authorities: [], additionals: [], edns: { udpSize: 1232, dnssecOk },
    };
    const wire = encodeMessage(query);
    const errors: string[] = [];
    for (const upstream of this.#upstreams) {
      try {
        let reply = decodeMessage(await exchangeUdp(upstream, wire, this.#timeoutMs));
        if (reply.tc) reply = decodeMessage(await exchangeTcp(upstream, wire, this.#timeoutMs));
        if (reply.rcode === Rcode.SERVFAIL || reply.rcode === Rcode.REFUSED) throw new Error(`answered rcode ${reply.rcode}`);
        return { rcode: reply.rcode, answers: reply.answers, authorities: reply.authorities, additionals: reply.additionals, fromCache: false };
      } catch (err) {
        this.stats.upstreamFailures += 1;
        errors.push(`${upstream.host}:${upstream.port}: ${(err as Error).message}`);
        this.#log.debug('upstream DNS server failed; trying the next', { upstream: `${upstream.host}:${upstream.port}`, name: q.name, error: (err as Error).message });
      }
    }
    throw new Error(`every upstream DNS server failed for "${q.name}": ${errors.join('; ')}`);
  }

  #cached(key: string): ForwardedAnswer | undefined {
    const entry = this.#cache.get(key);
    if (!entry) return undefined;
    const now = this.#now();
    if (now >= entry.expiresAt) {
      this.#cache.delete(key);
      return undefined;
    }
    this.stats.cacheHits += 1;
    const elapsed = Math.floor((now - entry.storedAt) / 1000);
    const age = (rr: ResourceRecord) => ({ ...rr, ttl: Math.max(0, rr.ttl - elapsed) });
    const a = entry.answer;
    return { rcode: a.rcode, answers: a.answers.map(age), authorities: a.authorities.map(age), additionals: a.additionals.map(age), fromCache: true };
  }

  #store(key: string, a: ForwardedAnswer): void {
    if (a.rcode !== Rcode.NOERROR || a.answers.length === 0) return; // positive answers only
    const ttl = Math.min(this.#maxTtl, ...a.answers.map((rr) => rr.ttl));
    if (ttl <= 0) return;
    if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
    const now = this.#now();
    this.#cache.set(key, { storedAt: now, expiresAt: now + ttl * 1000, answer: { rcode: a.rcode, answers: a.answers, authorities: a.authorities, additionals: a.additionals } });
  }
}
