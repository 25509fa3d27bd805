import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Teardown } from './temp-dir.js';

export interface LineProcess {
  pid: number;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the first stdout line (seen or to come) matching; rejects after `ms` or if the process exits first. */
  waitForLine(match: RegExp | ((line: string) => boolean), what: string, ms?: number): Promise<string>;
  /** Resolves with the exit code (or signal) once the process ends; rejects after `ms`. */
  waitForExit(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts a long-running program (e.g. `kubectl get -w`) whose stdout is read line by line; stopped by pid in teardown. */
export function spawnLines(t: Teardown, file: string, args: string[], env: NodeJS.ProcessEnv = process.env): LineProcess {
  const child: ChildProcessWithoutNullStreams = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout.on('data', (d: Buffer) => {
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    notify();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      exit = { code, signal };
      if (partial) lines.push(partial);
      partial = '';
      notify();
      resolve(exit);
    }),
  );
  const stop = async () => {
    if (exit) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  t.teardown(stop);
  const describe = () => `stdout so far: ${JSON.stringify(lines.join('\n'))}, stderr: ${JSON.stringify(stderr)}`;
  return {
    pid: child.pid!,
    lines,
    stderr: () => stderr,
    stop,
    waitForLine(match, what, ms = 15_000) {
      const test = typeof match === 'function' ? match : (l: string) => match.test(l);
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(test);
          if (found !== undefined) return done(() => resolve(found));
          if (exit) return done(() => reject(new Error(`process exited (${JSON.stringify(exit)}) before ${what}; ${describe()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; ${describe()}`))), ms);
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    waitForExit(ms = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for pid ${child.pid} to exit; ${describe()}`)), ms);
        exited.then((e) => {
          clearTimeout(timer);
          resolve(e);
        });
      });
    },
  };
}
