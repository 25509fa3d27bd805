/**
 * The mk8s ruleset as one `iptables-restore --noflush` input (nat + filter), the way kube-proxy's
 * iptables mode writes it: declaring a chain flushes it, so each chain written is rewritten in
 * full and nobody else's rules are touched. Given the chains as last written (`previous`), only
 * the chains whose rules differ are written and those no longer wanted deleted (kube-proxy's
 * partial sync): with a thousand services a full rewrite keeps iptables-nft busy for a second or
 * more, one service's chains for tens of milliseconds.
 */
import { MARK_MASQ_CHAIN, NODEPORTS_CHAIN, POSTROUTING_CHAIN, SERVICES_CHAIN, FORWARD_CHAIN, endpointChain, serviceChain } from './chain-names.js';
import { BASE_CHAINS, jumpInserts } from './jump-rules.js';
import { MASQ_MARK, type ChainContents, type ProxyServicePort, type RulesetOptions } from './types.js';

const MASK32 = '255.255.255.255';

export interface Ruleset {
  /** The restore input; '' when `previous` was given and nothing differs from it. */
  text: string;
  /** The chains this ruleset leaves in place, per table (the next sync's stale set is computed from them). */
  chains: { nat: string[]; filter: string[] };
  /** Every wanted chain's rules, per table: what the kernel holds once `text` is restored (pass it as the next `previous`). */
  contents: ChainContents;
  /** How many chains `text` declares (rewrites or creates), both tables. */
  chainsWritten: number;
}

function proto(sp: ProxyServicePort): string {
  return `-p ${sp.protocol} -m ${sp.protocol}`;
}

function comment(text: string): string {
  return `-m comment --comment "${text.replace(/["\\]/g, '')}"`;
}

/** Rules that send the service port's traffic (by cluster IP, external IPs, node port) to its SVC chain. */
function natServicePort(sp: ProxyServicePort, options: RulesetOptions, rules: string[], chains: string[]): void {
  const svc = serviceChain(sp);
  chains.push(svc);
  const cip = `${proto(sp)} -d ${sp.clusterIp}/32 --dport ${sp.port}`;
  rules.push(`-A ${SERVICES_CHAIN} ${comment(`${sp.name} cluster IP`)} ${cip} -j ${svc}`);
  for (const ip of sp.externalIps) {
    const ext = `-A ${SERVICES_CHAIN} ${comment(`${sp.name} external IP`)} ${proto(sp)} -d ${ip}/32 --dport ${sp.port}`;
    rules.push(`${ext} -j ${MARK_MASQ_CHAIN}`, `${ext} -j ${svc}`);
  }
  if (sp.nodePort > 0) {
    const np = `-A ${NODEPORTS_CHAIN} ${comment(sp.name)} ${proto(sp)} --dport ${sp.nodePort}`;
    rules.push(`${np} -j ${MARK_MASQ_CHAIN}`, `${np} -j ${svc}`);
  }
  const notPods = options.clusterCidr ? ` ! -s ${options.clusterCidr}` : '';
  rules.push(`-A ${svc} ${comment(`${sp.name} cluster IP`)} ${cip}${notPods} -j ${MARK_MASQ_CHAIN}`);
  const seps = sp.endpoints.map((ep) => endpointChain(sp, ep));
  if (sp.affinitySeconds !== undefined) {
    sp.endpoints.forEach((ep, i) => {
      const sep = seps[i]!;
      rules.push(`-A ${svc} ${comment(`${sp.name} -> ${ep.ip}:${ep.port}`)} -m recent --name ${sep} --mask ${MASK32} --rsource --rcheck --seconds ${sp.affinitySeconds} --reap -j ${sep}`);
    });
  }
  const n = sp.endpoints.length;
  sp.endpoints.forEach((ep, i) => {
    const chance = i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(10)}` : '';
    rules.push(`-A ${svc} ${comment(`${sp.name} -> ${ep.ip}:${ep.port}`)}${chance} -j ${seps[i]}`);
  });
  sp.endpoints.forEach((ep, i) => {
    const sep = seps[i]!;
    chains.push(sep);
    const affinity = sp.affinitySeconds !== undefined ? ` -m recent --set --name ${sep} --mask ${MASK32} --rsource` : '';
    rules.push(`-A ${sep} ${comment(sp.name)} -s ${ep.ip}/32 -j ${MARK_MASQ_CHAIN}`);
    rules.push(`-A ${sep} ${comment(sp.name)}${affinity} ${proto(sp)} -j DNAT --to-destination ${ep.ip}:${ep.port}`);
  });
}

/** REJECT rules for a service port without endpoints, so clients are refused at once. */
function filterNoEndpoints(sp: ProxyServicePort, rules: string[]): void {
  const c = comment(`${sp.name} has no endpoints`);
  for (const ip of [sp.clusterIp, ...sp.externalIps]) {
    rules.push(`-A ${SERVICES_CHAIN} ${c} ${proto(sp)} -d ${ip}/32 --dport ${sp.port} -j REJECT`);
  }
  if (sp.nodePort > 0) rules.push(`-A ${SERVICES_CHAIN} ${c} ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL ${proto(sp)} --dport ${sp.nodePort} -j REJECT`);
}

/** The chain of an `-A <chain> ...` line. */
function chainOf(rule: string): string {
  return rule.slice(3, rule.indexOf(' ', 3));
}

/** Each chain's rules (`-A` lines in order, joined by newlines); chains without rules map to ''. */
function chainContents(chains: string[], rules: string[]): Map<string, string> {
  const byChain = new Map<string, string[]>(chains.map((c) => [c, []]));
  for (const rule of rules) byChain.get(chainOf(rule))?.push(rule);
  return new Map([...byChain].map(([c, r]) => [c, r.join('\n')]));
}

function section(table: 'nat' | 'filter', chains: string[], rules: string[], options: RulesetOptions): { lines: string[]; contents: Map<string, string>; written: number } {
  const contents = chainContents(chains, rules);
  const wanted = new Set(chains);
  const previous = options.previous?.[table];
  const staleNames = new Set([...(options.staleChains?.[table] ?? []), ...(previous?.keys() ?? [])]);
  const stale = [...staleNames].filter((c) => !wanted.has(c));
  const write = previous ? chains.filter((c) => previous.get(c) !== contents.get(c)) : chains;
  const jumps = options.jumps?.[table];
  if (previous && write.length === 0 && stale.length === 0 && !jumps) return { lines: [], contents, written: 0 };
  const lines = [`*${table}`, ...[...write, ...stale].map((c) => `:${c} - [0:0]`)];
  if (jumps) lines.push(...jumps.map((rule) => rule.replace(/^-A /, '-D ')), ...jumpInserts(table));
  const written = new Set(write);
  lines.push(...(previous ? rules.filter((r) => written.has(chainOf(r))) : rules), ...stale.map((c) => `-X ${c}`), 'COMMIT');
  return { lines, contents, written: write.length };
}

/** The restore input for these service ports (pure: same input, same text); see `RulesetOptions.previous`. */
export function buildRuleset(ports: ProxyServicePort[], options: RulesetOptions = {}): Ruleset {
  const natChains: string[] = [...BASE_CHAINS.nat];
  const nat: string[] = [
    // Pods keep their own address inside the cluster (pod to pod across nodes) and are masqueraded
    // when they leave it; the CNI bridge itself does no masquerading (ipMasq off).
    ...(options.clusterCidr
      ? [`-A ${POSTROUTING_CHAIN} ${comment('mk8s pod traffic leaving the cluster')} -s ${options.clusterCidr} ! -d ${options.clusterCidr} -j MASQUERADE --random-fully`]
      : []),
    `-A ${POSTROUTING_CHAIN} -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A ${POSTROUTING_CHAIN} -j MARK --xor-mark ${MASQ_MARK}`,
    `-A ${POSTROUTING_CHAIN} ${comment('mk8s service traffic requiring SNAT')} -j MASQUERADE --random-fully`,
    `-A ${MARK_MASQ_CHAIN} -j MARK --or-mark ${MASQ_MARK}`,
  ];
  const filterChains: string[] = [...BASE_CHAINS.filter];
  const filter: string[] = [];
  for (const sp of ports) {
    if (sp.endpoints.length > 0) natServicePort(sp, options, nat, natChains);
    else filterNoEndpoints(sp, filter);
  }
  nat.push(`-A ${SERVICES_CHAIN} ${comment('mk8s service nodeports; must be the last rule in this chain')} ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j ${NODEPORTS_CHAIN}`);
  filter.push(`-A ${FORWARD_CHAIN} ${comment('mk8s forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`);
  if (options.clusterCidr) {
    filter.push(`-A ${FORWARD_CHAIN} ${comment('mk8s pod traffic')} -s ${options.clusterCidr} -j ACCEPT`);
    filter.push(`-A ${FORWARD_CHAIN} ${comment('mk8s pod traffic')} -d ${options.clusterCidr} -j ACCEPT`);
  }
  filter.push(`-A ${FORWARD_CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
  const n = section('nat', natChains, nat, options);
  const f = section('filter', filterChains, filter, options);
  const lines = [...n.lines, ...f.lines];
  return {
    text: lines.length ? lines.join('\n') + '\n' : '',
    chains: { nat: natChains, filter: filterChains },
    contents: { nat: n.contents, filter: f.contents },
    chainsWritten: n.written + f.written,
  };
}
