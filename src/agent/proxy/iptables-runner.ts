/** Runs `iptables-save` / `iptables-restore --noflush`, on the host or inside a named network namespace. */
import { execa } from 'execa';

export interface IptablesRunner {
  save(table: 'nat' | 'filter'): Promise<string>;
  /** One `iptables-restore --noflush` call with this input. */
  restore(text: string): Promise<void>;
}

export interface IptablesRunnerOptions {
  /** Run inside `ip netns exec <netns>` (tests): never the host's tables. */
  netns?: string;
  timeoutMs?: number;
}

/** A failed iptables call, with the tool's stderr and the input that was refused. */
export class IptablesError extends Error {
  readonly exitCode: number | undefined;
  readonly stderr: string;
  constructor(what: string, exitCode: number | undefined, stderr: string, options?: { cause?: unknown }) {
    super(`${what} failed (exit ${exitCode ?? '?'}): ${stderr.trim() || 'no output'}`, options);
    this.name = 'IptablesError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export function createIptablesRunner(options: IptablesRunnerOptions = {}): IptablesRunner {
  const wrap = (cmd: string, args: string[]): [string, string[]] => (options.netns ? ['ip', ['netns', 'exec', options.netns, cmd, ...args]] : [cmd, args]);
  const timeout = options.timeoutMs ?? 30_000;
  const run = async (cmd: string, args: string[], input?: string): Promise<string> => {
    const [file, argv] = wrap(cmd, args);
    const r = await execa(file, argv, { input, reject: false, timeout, stripFinalNewline: false });
    if (r.failed) throw new IptablesError(`${cmd} ${args.join(' ')}`, r.exitCode, String(r.stderr ?? r.message), { cause: r });
    return String(r.stdout);
  };
  return {
    save: (table) => run('iptables-save', ['-t', table]),
    restore: async (text) => {
      await run('iptables-restore', ['--noflush', '-w', '5'], text);
    },
  };
}
