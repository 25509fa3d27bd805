/**
 * A model of what `iptables-restore --noflush` does to the chains named in its input, strict
 * where the kernel is: deleting a chain that still has rules or is jumped to fails. Lets tests
 * check that a partial restore on top of a full one leaves what a full restore would.
 */
export type Tables = Record<'nat' | 'filter', Map<string, string[]>>;

export function emptyTables(): Tables {
  return { nat: new Map(), filter: new Map() };
}

/** Applies one restore input to `tables` (in place); throws where iptables-restore would fail. */
export function applyRestore(tables: Tables, text: string): void {
  let table: Map<string, string[]> | undefined;
  const chain = (name: string) => {
    if (!table) throw new Error(`rule outside a table: ${name}`);
    if (!table.has(name)) table.set(name, []); // a built-in chain (PREROUTING, ...)
    return table.get(name)!;
  };
  for (const line of text.split('\n')) {
    if (!line || line === 'COMMIT') continue;
    const [op, name = '', ...rest] = line.split(' ');
    if (op!.startsWith('*')) table = tables[op!.slice(1) as 'nat' | 'filter'];
    else if (op!.startsWith(':')) table!.set(op!.slice(1), []); // declaring flushes (or creates)
    else if (op === '-A') chain(name).push(rest.join(' '));
    else if (op === '-I') chain(name).unshift(rest.slice(1).join(' '));
    else if (op === '-D') {
      const rules = chain(name);
      const i = rules.indexOf(rest.join(' '));
      if (i < 0) throw new Error(`-D ${name}: no such rule: ${rest.join(' ')}`);
      rules.splice(i, 1);
    } else if (op === '-X') {
      if (chain(name).length) throw new Error(`-X ${name}: chain not empty`);
      for (const [other, rules] of table!) if (rules.some((r) => r.endsWith(` -j ${name}`))) throw new Error(`-X ${name}: still jumped to from ${other}`);
      table!.delete(name);
    } else throw new Error(`unexpected restore line: ${line}`);
  }
}

const BUILT_IN = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The chains of `tables`, as `iptables-save -t <table>` would print them (jumps included). */
export function savedText(tables: Tables, which: 'nat' | 'filter'): string {
  const lines = [`*${which}`];
  // Built-in chains first, in the kernel's order, as iptables-save prints them.
  const rank = (name: string) => BUILT_IN.indexOf(name) + 1 || BUILT_IN.length + 1;
  const chains = [...tables[which]].sort(([a], [b]) => rank(a) - rank(b));
  for (const [name] of chains) lines.push(`:${name} ${rank(name) <= BUILT_IN.length ? 'ACCEPT' : '-'} [0:0]`);
  for (const [name, rules] of chains) lines.push(...rules.map((r) => `-A ${name} ${r}`));
  return [...lines, 'COMMIT', ''].join('\n');
}

/** Only the mk8s chains, with their rules: what a full restore leaves (built-in chains dropped). */
export function mk8sChains(tables: Tables): Record<'nat' | 'filter', Record<string, string[]>> {
  const pick = (t: Map<string, string[]>) => Object.fromEntries([...t].filter(([name]) => name.startsWith('MK8S-')));
  return { nat: pick(tables.nat), filter: pick(tables.filter) };
}
