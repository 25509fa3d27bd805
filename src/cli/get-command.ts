import YAML from 'yaml';
import { ResourceIndex } from '../api/resources.js';
import type { ResourceInfo } from '../api/kinds.js';
import { clientFromArgs } from './client-from-args.js';
import { resourcePath } from './resource-path.js';

export interface GetArgs {
  resource: string;
  name?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  output?: string;
  watch?: boolean;
  selector?: string;
  kubeconfig?: string;
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** `mk8s get KIND[/NAME]`: server-side tables, or yaml/json/name output. */
export async function runGet(args: GetArgs, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const [kind, slashName] = args.resource.split('/') as [string, string | undefined];
  const name = slashName ?? args.name;
  const info = new ResourceIndex().resolveName(kind);
  if (!info) throw new Error(`get: the server doesn't have a resource type "${kind}"`);
  const output = args.output ?? '';
  if (!['', 'wide', 'yaml', 'json', 'name'].includes(output)) throw new Error(`get: --output ${JSON.stringify(output)} is not one of wide, yaml, json, name`);
  const namespace = args['all-namespaces'] ? undefined : (args.namespace ?? 'default');
  const client = clientFromArgs(args);
  try {
    const query = new URLSearchParams();
    if (args.selector) query.set('labelSelector', args.selector);
    const path = resourcePath(info, namespace, name) + (query.size ? `?${query}` : '');
    const human = output === '' || output === 'wide';
    const body = await client.call('GET', path, { accept: human ? TABLE_ACCEPT : 'application/json' });
    let printedHeader = false;
    if (human) printedHeader = printTable(body, output === 'wide', args['all-namespaces'] === true, out, false);
    else printObjects(info, body, output, out);
    if (!args.watch) return 0;
    const rv = body.metadata?.resourceVersion;
    const wq = new URLSearchParams(query);
    wq.set('watch', 'true');
    if (rv) wq.set('resourceVersion', rv);
    if (name) wq.set('fieldSelector', `metadata.name=${name}`);
    const watch = await client.watch(`${resourcePath(info, namespace)}?${wq}`, (e) => {
      if (e.type === 'BOOKMARK') return;
      if (human) printedHeader = printTable(e.object, output === 'wide', args['all-namespaces'] === true, out, printedHeader) || printedHeader;
      else printObjects(info, e.object, output, out);
    }, { accept: human ? TABLE_ACCEPT : 'application/json' });
    const stop = () => watch.stop();
    process.once('SIGINT', stop);
    await watch.done;
    return 0;
  } finally {
    client.close();
  }
}

function printObjects(info: ResourceInfo, body: any, output: string, out: (line: string) => void): void {
  if (output === 'name') {
    const items = body.items ?? [body];
    for (const o of items) out(`${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''}/${o.metadata.name}`);
  } else if (output === 'json') out(JSON.stringify(body, null, 4));
  else out(YAML.stringify(body).trimEnd());
}

/** Prints a Table; returns whether a header was printed. */
function printTable(table: any, wide: boolean, withNamespace: boolean, out: (line: string) => void, headerDone: boolean): boolean {
  const cols = (table.columnDefinitions ?? []).map((c: any, i: number) => ({ ...c, i })).filter((c: any) => wide || c.priority === 0);
  const rows: string[][] = (table.rows ?? []).map((r: any) => {
    const cells = cols.map((c: any) => String(r.cells[c.i] ?? ''));
    return withNamespace ? [r.object?.metadata?.namespace ?? '', ...cells] : cells;
  });
  const header = withNamespace ? ['NAMESPACE', ...cols.map((c: any) => c.name.toUpperCase())] : cols.map((c: any) => c.name.toUpperCase());
  if (rows.length === 0 && !headerDone) {
    out('No resources found');
    return false;
  }
  const all = headerDone ? rows : [header, ...rows];
  const widths: number[] = header.map((_: string, i: number) => Math.max(...[header, ...rows].map((r: string[]) => (r[i] ?? '').length)));
  for (const r of all) out(r.map((c: string, i: number) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd());
  return true;
}
