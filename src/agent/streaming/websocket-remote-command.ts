import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { AsyncQueue } from './async-queue.js';
import type { CommandRequest } from './command-request.js';
import { parseSize } from './resize-decoder.js';
import { sink } from './sink.js';
import type { ExecStatus } from './status.js';
import type { ExecIo, TerminalSize } from './types.js';

export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/**
 * Serves one exec/attach over a WebSocket speaking `v5.channel.k8s.io` or `v4.channel.k8s.io`:
 * binary messages whose first byte is the channel. v5 adds `[255, channel]` to half-close stdin.
 */
export async function serveWebSocketCommand(ws: WebSocket, request: CommandRequest, run: (io: ExecIo) => Promise<ExecStatus>): Promise<void> {
  const stdin = request.stdin ? new PassThrough() : undefined;
  const resize = new AsyncQueue<TerminalSize>();
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    if (msg.length === 0) return;
    const payload = msg.subarray(1);
    switch (msg[0]) {
      case Channel.stdin:
        if (stdin && !stdin.writableEnded && payload.length) stdin.write(payload);
        break;
      case Channel.resize: {
        const size = parseSize(payload.toString());
        if (size) resize.push(size);
        break;
      }
      case Channel.close:
        if (payload[0] === Channel.stdin) stdin?.end();
        break;
    }
  });
  const gone = () => {
    stdin?.end();
    resize.end();
  };
  ws.on('close', gone);
  ws.on('error', gone);
  const channelWriter = (channel: number) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (ws.readyState !== ws.OPEN) return cb();
        ws.send(Buffer.concat([Buffer.from([channel]), chunk]), () => cb());
      },
    });
  const stdout = request.stdout ? channelWriter(Channel.stdout) : sink();
  const stderr = request.stderr ? channelWriter(Channel.stderr) : request.tty ? stdout : sink();
  const io: ExecIo = { tty: request.tty, stdin, stdout, stderr, resize };
  const status = await run(io);
  resize.end();
  await Promise.all([finish(stdout), finish(stderr)]);
  if (ws.readyState === ws.OPEN) {
    await new Promise<void>((resolve) => ws.send(Buffer.concat([Buffer.from([Channel.error]), Buffer.from(JSON.stringify(status))]), () => resolve()));
    ws.close(1000);
  }
}

function finish(w: Writable): Promise<void> {
  if (w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    w.once('finish', () => resolve());
    w.once('error', () => resolve());
    if (!w.writableEnded) w.end();
  });
}
