/** Runs `ip route ...`, on the host or (tests) in a named network namespace with `ip -n`. */
import { execa } from 'execa';

export type IpRunner = (args: string[]) => Promise<void>;

export function createIpRunner(options: { netns?: string } = {}): IpRunner {
  return async (args) => {
    const argv = options.netns ? ['-n', options.netns, ...args] : args;
    const r = await execa('ip', argv, { reject: false, timeout: 10_000 });
    if (r.failed) throw new Error(`ip ${argv.join(' ')} failed (exit ${r.exitCode ?? '?'}): ${String(r.stderr ?? r.message).trim()}`, { cause: r });
  };
}
