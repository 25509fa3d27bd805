/** Reading `iptables-save` output: which mk8s chains exist, and which rules jump into them from elsewhere. */
import { isMk8sChain } from './chain-names.js';
import { JUMPS } from './jump-rules.js';

export interface SavedTable {
  /** mk8s chains present. */
  chains: string[];
  /** Rules (as saved, `-A ...`) in other chains that jump to an mk8s chain, in order. */
  jumps: string[];
}

export function parseSavedTable(text: string): SavedTable {
  const chains: string[] = [];
  const jumps: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      const name = line.slice(1).split(' ')[0] ?? '';
      if (isMk8sChain(name)) chains.push(name);
    } else if (line.startsWith('-A ')) {
      const [, chain] = line.split(' ');
      const target = /\s-[jg] (\S+)/.exec(line)?.[1];
      if (chain && !isMk8sChain(chain) && target && isMk8sChain(target)) jumps.push(line);
    }
  }
  return { chains, jumps };
}

/** Are the jumps of this table exactly the wanted ones, once each, in the wanted order? */
export function jumpsInPlace(table: 'nat' | 'filter', saved: SavedTable): boolean {
  const wanted = JUMPS.filter((j) => j.table === table).map((j) => `${j.from}>${j.to}`);
  const present = saved.jumps.map((rule) => `${rule.split(' ')[1]}>${/\s-[jg] (\S+)/.exec(rule)?.[1]}`);
  return wanted.length === present.length && wanted.every((w, i) => w === present[i]);
}
