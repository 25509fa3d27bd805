/**
 * Restart and image-pull back-off, as the kubelet does it: the first retry is immediate, then
 * 10 s doubling up to 5 min; an entry is forgotten once the container ran 10 minutes.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

interface Entry {
  /** Delay applied to the next failure. */
  next: number;
  /** The failure already counted (container id, or an attempt marker). */
  failure: string;
  until: number;
}

export class BackOff {
  readonly #entries = new Map<string, Entry>();

  /**
   * Records `failure` (once per distinct value) and says how long `key` must still wait.
   * Returns 0 when a retry may happen now.
   */
  wait(key: string, failure: string, now: number): number {
    let e = this.#entries.get(key);
    if (!e) {
      e = { next: BACKOFF_INITIAL_MS, failure, until: now };
      this.#entries.set(key, e);
    } else if (e.failure !== failure) {
      e.until = now + e.next;
      e.next = Math.min(e.next * 2, BACKOFF_MAX_MS);
      e.failure = failure;
    }
    return Math.max(0, e.until - now);
  }

  /** How long `key` must still wait, without recording anything. */
  remaining(key: string, now: number): number {
    const e = this.#entries.get(key);
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** The delay currently being served (for messages like `back-off 20s`). */
  current(key: string): number {
    const e = this.#entries.get(key);
    return e ? Math.max(BACKOFF_INITIAL_MS, e.next / 2) : BACKOFF_INITIAL_MS;
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry of a pod that is gone (keys `<kind>:<pod uid>:...`). */
  forgetPod(uid: string): void {
    const infix = `:${uid}:`;
    for (const key of this.#entries.keys()) if (key.includes(infix)) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
