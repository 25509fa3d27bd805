import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LineClock } from './line-clock.js';
import type { LogOptions } from './log-options.js';

export interface LogSource {
  path: string;
  /** Is the writer (the container) still there? Polled while following. */
  alive(): Promise<boolean>;
}

/** How often a follow re-checks the file and the container besides file-change events. */
const FOLLOW_CHECK_MS = 1000;

/** Streams a raw log file as text/plain: tail, since, timestamps, limitBytes and follow. */
export async function serveLogs(req: IncomingMessage, res: ServerResponse, source: LogSource, options: LogOptions, clock: LineClock): Promise<void> {
  const out = new LogWriter(res, options.limitBytes);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  let offset = 0;
  const first = await stat(source.path).catch(() => undefined);
  if (first) {
    clock.observe(source.path, first.size, first.mtimeMs);
    const content = await readRange(source.path, 0, first.size);
    offset = content.length;
    let lines = splitLines(content, 0);
    if (options.since !== undefined) lines = lines.filter((l) => clock.timeAt(source.path, l.offset) >= options.since!);
    if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    for (const line of lines) {
      if (!out.write(format(line.text, options.timestamps ? clock.timeAt(source.path, line.offset) : undefined))) break;
    }
  }
  if (!options.follow || out.full) return out.end();
  await follow(req, res, source, offset, options, clock, out);
  out.end();
}

async function follow(req: IncomingMessage, res: ServerResponse, source: LogSource, start: number, options: LogOptions, clock: LineClock, out: LogWriter): Promise<void> {
  let offset = start;
  let pending = Buffer.alloc(0);
  let pendingOffset = start;
  let busy: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let watcher: FSWatcher | undefined;

  const pumpOnce = async (): Promise<void> => {
    const st = await stat(source.path).catch(() => undefined);
    if (!st) return;
    if (st.size < offset) offset = pendingOffset = 0;
    if (st.size === offset) return;
    clock.observe(source.path, st.size, st.mtimeMs);
    const chunk = await readRange(source.path, offset, st.size);
    const at = offset;
    offset += chunk.length;
    if (!options.timestamps) {
      out.write(chunk);
      return;
    }
    const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const base = pending.length ? pendingOffset : at;
    const lastNl = data.lastIndexOf(10);
    const complete = lastNl < 0 ? Buffer.alloc(0) : data.subarray(0, lastNl + 1);
    pending = Buffer.from(data.subarray(lastNl + 1));
    pendingOffset = base + lastNl + 1;
    for (const line of splitLines(complete, base)) {
      if (!out.write(format(line.text, clock.timeAt(source.path, line.offset)))) return;
    }
  };
  const pump = (): Promise<void> => {
    if (busy) {
      again = true;
      return busy;
    }
    busy = (async () => {
      do {
        again = false;
        await pumpOnce();
      } while (again && !out.full);
    })().finally(() => (busy = undefined));
    return busy;
  };

  await new Promise<void>((resolve) => {
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      watcher?.close();
      resolve();
    };
    try {
      watcher = watch(source.path, () => void pump().then(() => out.full && stop()));
      watcher.on('error', () => {});
    } catch {
      watcher = undefined;
    }
    const timer = setInterval(() => {
      void (async () => {
        const alive = await source.alive().catch(() => false);
        await pump();
        if (!alive || out.full) {
          await pump();
          if (options.timestamps && pending.length) out.write(format(pending, clock.timeAt(source.path, pendingOffset)));
          stop();
        }
      })();
    }, FOLLOW_CHECK_MS);
    req.once('close', stop);
    res.once('close', stop);
    void pump().then(() => out.full && stop());
  });
}

/** Writes to the response up to an optional byte limit. */
class LogWriter {
  #res: ServerResponse;
  #left: number;
  full = false;

  constructor(res: ServerResponse, limitBytes?: number) {
    this.#res = res;
    this.#left = limitBytes ?? Infinity;
  }

  /** False once the limit is reached. */
  write(data: Buffer): boolean {
    if (this.full || this.#res.destroyed) return false;
    const part = data.length > this.#left ? data.subarray(0, this.#left) : data;
    this.#left -= part.length;
    if (part.length) this.#res.write(part);
    if (this.#left <= 0) this.full = true;
    return !this.full;
  }

  end(): void {
    if (!this.#res.writableEnded) this.#res.end();
  }
}

interface Line {
  text: Buffer;
  offset: number;
}

function splitLines(content: Buffer, base: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf(10, start);
    const end = nl < 0 ? content.length : nl + 1;
    lines.push({ text: content.subarray(start, end), offset: base + start });
    start = end;
  }
  return lines;
}

function format(text: Buffer, time: number | undefined): Buffer {
  if (time === undefined) return text;
  return Buffer.concat([Buffer.from(`${new Date(time).toISOString()} `), text]);
}

async function readRange(path: string, from: number, to: number): Promise<Buffer> {
  if (to <= from) return Buffer.alloc(0);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
