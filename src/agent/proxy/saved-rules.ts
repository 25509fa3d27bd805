/** Reading `iptables-save` output: which mk8s chains exist, and which rules jump into them from elsewhere. */
import { isMk8sChain } from './chain-names.js';
import { JUMPS } from './jump-rules.js';

export interface SavedTable {
  /** mk8s chains present. */
  chains: string[];
  /** Rules (as saved, `-A ...`) in other chains that jump to an mk8s chain, in order. */
  jumps: string[];
  /** How many rules each mk8s chain holds. */
  ruleCounts: Map<string, number>;
}

export function parseSavedTable(text: string): SavedTable {
  const chains: string[] = [];
  const jumps: string[] = [];
  const ruleCounts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      const name = line.slice(1).split(' ')[0] ?? '';
      if (isMk8sChain(name)) chains.push(name);
    } else if (line.startsWith('-A ')) {
      const [, chain] = line.split(' ');
      if (chain && isMk8sChain(chain)) {
        ruleCounts.set(chain, (ruleCounts.get(chain) ?? 0) + 1);
        continue;
      }
      const target = /\s-[jg] (\S+)/.exec(line)?.[1];
      if (chain && target && isMk8sChain(target)) jumps.push(line);
    }
  }
  return { chains, jumps, ruleCounts };
}

/**
 * Does the saved table still hold what mk8s last wrote (`contents`: chain → rules): the same
 * chains with as many rules each, and the jumps in place? A cheap check for someone else having
 * flushed or deleted mk8s's rules; a partial sync is only safe when it holds.
 */
export function tableHolds(table: 'nat' | 'filter', saved: SavedTable, contents: Map<string, string>): boolean {
  if (!jumpsInPlace(table, saved) || saved.chains.length !== contents.size || !saved.chains.every((c) => contents.has(c))) return false;
  for (const [chain, rules] of contents) {
    if ((saved.ruleCounts.get(chain) ?? 0) !== (rules ? rules.split('\n').length : 0)) return false;
  }
  return true;
}

/**
 * Are the jumps of this table exactly the wanted ones, once each, in the wanted order within each
 * built-in chain? (iptables-save prints the chains in the kernel's order, not JUMPS's.)
 */
export function jumpsInPlace(table: 'nat' | 'filter', saved: SavedTable): boolean {
  const byChain = (pairs: [string, string][]) => {
    const out = new Map<string, string[]>();
    for (const [from, to] of pairs) out.set(from, [...(out.get(from) ?? []), to]);
    return [...out].map(([from, tos]) => `${from}>${tos.join(',')}`).sort();
  };
  const wanted = byChain(JUMPS.filter((j) => j.table === table).map((j) => [j.from, j.to]));
  const present = byChain(saved.jumps.map((rule) => [rule.split(' ')[1] ?? '', /\s-[jg] (\S+)/.exec(rule)?.[1] ?? '']));
  return wanted.length === present.length && wanted.every((w, i) => w === present[i]);
}
