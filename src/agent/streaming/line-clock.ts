/**
 * Timestamps for raw log files, which carry none: the time a byte range was first seen by the
 * agent. The first look at a file dates everything in it at the file's modification time; each
 * later growth is dated when the agent sees it (a follow sees it within a moment).
 */
interface Checkpoint {
  end: number;
  time: number;
}

const MAX_CHECKPOINTS = 4096;

export class LineClock {
  #files = new Map<string, Checkpoint[]>();

  /** Records that `path` is `size` bytes long now. */
  observe(path: string, size: number, mtimeMs: number, now = Date.now()): void {
    let points = this.#files.get(path);
    if (!points || size < (points.at(-1)?.end ?? 0)) {
      points = [];
      this.#files.set(path, points);
    }
    const last = points.at(-1);
    if (last && size === last.end) return;
    points.push({ end: size, time: points.length === 0 ? Math.min(mtimeMs, now) : now });
    if (points.length > MAX_CHECKPOINTS) points.splice(0, points.length - MAX_CHECKPOINTS);
  }

  /** When the byte at `offset` was first seen (ms since the epoch). */
  timeAt(path: string, offset: number): number {
    const points = this.#files.get(path) ?? [];
    let lo = 0;
    let hi = points.length - 1;
    if (hi < 0) return Date.now();
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid].end > offset) hi = mid;
      else lo = mid + 1;
    }
    return points[lo].time;
  }

  forget(path: string): void {
    this.#files.delete(path);
  }
}
