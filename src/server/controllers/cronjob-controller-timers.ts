/**
 * Per-key wake-ups for controllers whose objects change with time (deadlines, schedules,
 * TTLs): one unref'd timer per key, the earliest kept, firing into the controller's queue.
 */
export class DelayedEnqueue {
  #enqueue?: (key: string) => void;
  #timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  bind(enqueue: (key: string) => void): void {
    this.#enqueue = enqueue;
  }

  /** Queues `key` again in `delayMs` (an earlier pending wake-up wins). */
  after(key: string, delayMs: number): void {
    if (!this.#enqueue || !Number.isFinite(delayMs)) return;
    const at = Date.now() + Math.max(0, delayMs);
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.#enqueue?.(key);
    }, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    timer.unref();
    this.#timers.set(key, { at, timer });
  }

  stop(): void {
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#enqueue = undefined;
  }
}
