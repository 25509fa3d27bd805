import { spawn, type ChildProcess } from 'node:child_process';
import type { ExecIo } from '../../../../src/agent/streaming/index.js';

/** Runs a command as a local child process: the test "container". Tracks children to stop them. */
export class LocalExec {
  readonly children = new Set<ChildProcess>();
  readonly resizes: { width: number; height: number }[] = [];

  exec = (_containerId: string, cmd: string[], io: ExecIo): Promise<number> =>
    new Promise((resolve, reject) => {
      const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
      this.children.add(child);
      child.on('error', reject);
      child.stdout!.on('data', (c: Buffer) => io.stdout.write(c));
      child.stderr!.on('data', (c: Buffer) => io.stderr.write(c));
      child.stdin!.on('error', () => {});
      if (io.stdin) io.stdin.pipe(child.stdin!);
      else child.stdin!.end();
      if (io.resize) void (async () => { for await (const size of io.resize!) this.resizes.push(size); })();
      child.on('close', (code, signal) => {
        this.children.delete(child);
        io.stdin?.unpipe(child.stdin!);
        resolve(code ?? (signal ? 128 + 9 : 1));
      });
    });

  stopAll(): void {
    for (const child of this.children) if (child.pid) process.kill(child.pid, 'SIGKILL');
  }
}
