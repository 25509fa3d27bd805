/** Removes every mk8s chain and every jump into one (nat and filter), and nothing else. */
import { createIptablesRunner, type IptablesRunner } from './iptables-runner.js';
import { parseSavedTable } from './saved-rules.js';

export interface CleanupOptions {
  runner?: IptablesRunner;
}

/** The restore input that deletes what `saved` shows of mk8s (empty when there is nothing). */
export function cleanupRuleset(saved: { nat: string; filter: string }): string {
  const lines: string[] = [];
  for (const table of ['nat', 'filter'] as const) {
    const { chains, jumps } = parseSavedTable(saved[table]);
    if (chains.length === 0 && jumps.length === 0) continue;
    lines.push(`*${table}`, ...chains.map((c) => `:${c} - [0:0]`), ...jumps.map((r) => r.replace(/^-A /, '-D ')), ...chains.map((c) => `-X ${c}`), 'COMMIT');
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** `mk8s agent --cleanup`: one restore call; returns how many chains and jumps went. */
export async function cleanupServiceProxy(options: CleanupOptions = {}): Promise<{ chains: number; jumps: number }> {
  const runner = options.runner ?? createIptablesRunner();
  const saved = { nat: await runner.save('nat'), filter: await runner.save('filter') };
  const text = cleanupRuleset(saved);
  if (text) await runner.restore(text);
  const count = (t: string) => parseSavedTable(t);
  return {
    chains: count(saved.nat).chains.length + count(saved.filter).chains.length,
    jumps: count(saved.nat).jumps.length + count(saved.filter).jumps.length,
  };
}
