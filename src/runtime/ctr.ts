import { execa, type Options, type Result } from 'execa';
import { RuntimeError } from './runtime-error.js';

export interface CtrCallOptions {
  input?: string;
  /** Do not throw on a non-zero exit: the caller reads `exitCode`. */
  reject?: boolean;
  timeout?: number;
}

/** Runs `ctr -a <socket> -n <namespace> ...`; failures become a RuntimeError naming the operation. */
export class Ctr {
  readonly socket: string;
  readonly namespace: string;
  readonly binary: string;
  /** Environment for every call (CONTAINERD_SNAPSHOTTER when not overlayfs). */
  readonly env: Record<string, string>;
  constructor(socket: string, namespace = 'mk8s', binary = 'ctr', snapshotter?: string) {
    this.socket = socket;
    this.namespace = namespace;
    this.binary = binary;
    this.env = snapshotter ? { CONTAINERD_SNAPSHOTTER: snapshotter } : {};
  }

  args(args: string[]): string[] {
    return ['-a', this.socket, '-n', this.namespace, ...args];
  }

  async run(operation: string, target: string, args: string[], options: CtrCallOptions = {}): Promise<Result<Options>> {
    try {
      return await execa(this.binary, this.args(args), {
        input: options.input,
        env: this.env,
        reject: options.reject ?? true,
        timeout: options.timeout ?? 60_000,
        stdin: options.input === undefined ? 'ignore' : undefined,
      });
    } catch (error) {
      throw new RuntimeError(operation, target, error);
    }
  }

  /** Like `run`, but hands each output line to `onLine` as it arrives. */
  async stream(operation: string, target: string, args: string[], onLine?: (line: string) => void, timeout = 60_000): Promise<void> {
    const child = execa(this.binary, this.args(args), { stdin: 'ignore', timeout, reject: true, env: this.env });
    if (onLine) {
      let rest = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split(/\r?\n|\r/);
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onLine(line);
      });
    }
    try {
      await child;
    } catch (error) {
      throw new RuntimeError(operation, target, error);
    }
  }
}

/** Splits `ctr ... ls` output (a header and whitespace-separated columns) into rows. */
export function parseTable(stdout: string): string[][] {
  return stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean).map((l) => l.split(/\s+/));
}
