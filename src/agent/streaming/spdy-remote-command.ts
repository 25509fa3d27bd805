import type { Duplex } from 'node:stream';
import { AsyncQueue } from './async-queue.js';
import type { CommandRequest } from './command-request.js';
import { ResizeDecoder } from './resize-decoder.js';
import { sink } from './sink.js';
import { SpdySession, RstStatus, type SpdyStream } from './spdy/index.js';
import type { ExecStatus } from './status.js';
import type { ExecIo, TerminalSize } from './types.js';

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/**
 * Serves one exec/attach over an upgraded SPDY/3.1 connection (remotecommand v4 / v3): the
 * client opens one stream per `streamType`; the final Status goes on the error stream as JSON.
 */
export async function serveSpdyCommand(socket: Duplex, head: Buffer, request: CommandRequest, run: (io: ExecIo) => Promise<ExecStatus>, timeoutMs: number): Promise<void> {
  const expected = new Set<StreamType>(['error']);
  if (request.stdin) expected.add('stdin');
  if (request.stdout) expected.add('stdout');
  if (request.stderr) expected.add('stderr');
  if (request.tty) expected.add('resize');
  const streams = new Map<StreamType, SpdyStream>();
  let allArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const session = new SpdySession(
    socket,
    {
      onStream(stream) {
        const type = stream.headers.streamtype as StreamType;
        if (!expected.has(type) || streams.has(type)) {
          stream.reset(RstStatus.RefusedStream);
          return;
        }
        streams.set(type, stream);
        void stream.reply();
        if (streams.size === expected.size) allArrived();
      },
    },
    head,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
  const closed = session.closed.then(() => true);
  const failed = await Promise.race([arrived.then(() => false), timedOut, closed]);
  clearTimeout(timer);
  if (failed) {
    await session.close();
    return;
  }
  const resize = new AsyncQueue<TerminalSize>();
  const resizeStream = streams.get('resize');
  if (resizeStream) {
    const decoder = new ResizeDecoder();
    resizeStream.on('data', (chunk: Buffer) => decoder.push(chunk).forEach((s) => resize.push(s)));
    resizeStream.on('end', () => resize.end());
    resizeStream.on('close', () => resize.end());
  } else resize.end();
  const stdout = streams.get('stdout') ?? sink();
  const stderr = streams.get('stderr') ?? (request.tty ? stdout : sink());
  const io: ExecIo = { tty: request.tty, stdin: streams.get('stdin'), stdout, stderr, resize };
  const status = await run(io);
  resize.end();
  const error = streams.get('error')!;
  await Promise.all([endStream(streams.get('stdout')), endStream(streams.get('stderr'))]);
  await new Promise<void>((resolve) => error.end(JSON.stringify(status), () => resolve()));
  await session.close();
}

function endStream(stream: SpdyStream | undefined): Promise<void> {
  if (!stream || stream.writableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.end(() => resolve());
  });
}
