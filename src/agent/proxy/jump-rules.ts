/** The jumps from the built-in chains into mk8s's, in the order they must end up in. */
import { FORWARD_CHAIN, NODEPORTS_CHAIN, POSTROUTING_CHAIN, SERVICES_CHAIN } from './chain-names.js';

export interface Jump {
  table: 'nat' | 'filter';
  /** The built-in chain. */
  from: string;
  to: string;
  /** The match part of the rule, before `-j`. */
  match: string;
}

const PORTALS = '-m comment --comment "mk8s service portals"';
const NEW = '-m conntrack --ctstate NEW';

/** Listed top first: each is inserted at position 1 in reverse, so they end up in this order. */
export const JUMPS: Jump[] = [
  { table: 'nat', from: 'PREROUTING', to: SERVICES_CHAIN, match: PORTALS },
  { table: 'nat', from: 'OUTPUT', to: SERVICES_CHAIN, match: PORTALS },
  { table: 'nat', from: 'POSTROUTING', to: POSTROUTING_CHAIN, match: '-m comment --comment "mk8s postrouting rules"' },
  { table: 'filter', from: 'INPUT', to: SERVICES_CHAIN, match: `${NEW} ${PORTALS}` },
  { table: 'filter', from: 'OUTPUT', to: SERVICES_CHAIN, match: `${NEW} ${PORTALS}` },
  { table: 'filter', from: 'FORWARD', to: SERVICES_CHAIN, match: `${NEW} ${PORTALS}` },
  { table: 'filter', from: 'FORWARD', to: FORWARD_CHAIN, match: '-m comment --comment "mk8s forwarding rules"' },
];

/** The chains mk8s always has, per table. */
export const BASE_CHAINS = {
  nat: [SERVICES_CHAIN, NODEPORTS_CHAIN, POSTROUTING_CHAIN, 'MK8S-MARK-MASQ'],
  filter: [SERVICES_CHAIN, FORWARD_CHAIN],
} as const;

/** `-I <chain> 1 ...` lines for one table, so the chains end up in JUMPS order. */
export function jumpInserts(table: 'nat' | 'filter'): string[] {
  return JUMPS.filter((j) => j.table === table)
    .reverse()
    .map((j) => `-I ${j.from} 1 ${j.match} -j ${j.to}`);
}
