/** Removes every mk8s chain and every jump into one (nat and filter), and nothing else. */
import { existsSync } from 'node:fs';
import { createIptablesRunner, type IptablesRunner } from './iptables-runner.js';
import { parseSavedTable } from './saved-rules.js';

export interface CleanupOptions {
  runner?: IptablesRunner;
  /** Is sandbox `id`'s network namespace still there? (default: /var/run/netns/<id> exists) */
  sandboxAlive?: (id: string) => boolean;
}

/**
 * The restore input that deletes the CNI plugins' nat rules (portmap, and the bridge's ipMasq of
 * older releases) left by mk8s sandboxes whose network namespace is gone: a rule whose comment
 * names network "mk8s" and a dead sandbox id goes, and so do the CNI- chains only such rules
 * use. CNI-HOSTPORT-* chains are shared with other CNI users and stay.
 */
export function staleCniRuleset(savedNat: string, sandboxAlive: (id: string) => boolean): string {
  const rules = savedNat.split('\n').filter((l) => l.startsWith('-A '));
  const idOf = (rule: string) => /name: \\"mk8s\\" id: \\"([^"\\]+)\\"/.exec(rule)?.[1];
  const stale = rules.filter((r) => {
    const id = idOf(r);
    return id !== undefined && !sandboxAlive(id);
  });
  if (stale.length === 0) return '';
  const shared = /^CNI-HOSTPORT-/;
  const chains = new Set<string>();
  for (const r of stale) {
    const target = / -j (CNI-\S+)/.exec(r)?.[1];
    if (target && !shared.test(target)) chains.add(target);
  }
  // A chain still used by a live sandbox's rule is not ours to drop.
  for (const r of rules) {
    const target = / -j (CNI-\S+)/.exec(r)?.[1];
    if (target && chains.has(target) && !stale.includes(r) && !chains.has(r.split(' ')[1]!)) chains.delete(target);
  }
  const deletes = stale.filter((r) => !chains.has(r.split(' ')[1]!)).map((r) => r.replace(/^-A /, '-D '));
  return ['*nat', ...deletes, ...[...chains].flatMap((c) => [`-F ${c}`, `-X ${c}`]), 'COMMIT', ''].join('\n');
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
  const cni = staleCniRuleset(saved.nat, options.sandboxAlive ?? ((id) => existsSync(`/var/run/netns/${id}`)));
  if (cni) await runner.restore(cni);
  const count = (t: string) => parseSavedTable(t);
  return {
    chains: count(saved.nat).chains.length + count(saved.filter).chains.length,
    jumps: count(saved.nat).jumps.length + count(saved.filter).jumps.length,
  };
}
