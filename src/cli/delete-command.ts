import { ResourceIndex } from '../api/resources.js';
import { KubeApiError } from '../client/index.js';
import { clientFromArgs } from './client-from-args.js';
import { readManifests } from './manifests.js';
import { resourcePath } from './resource-path.js';

export interface DeleteArgs {
  resource?: string;
  names?: string[];
  filename?: string[];
  namespace?: string;
  kubeconfig?: string;
  cascade?: string;
}

/** `mk8s delete (-f FILE | KIND NAME...)`: prints `kind "name" deleted`. */
export async function runDelete(args: DeleteArgs, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const index = new ResourceIndex();
  const targets: { kind: string; info: ReturnType<ResourceIndex['resolveName']>; namespace?: string; name: string; where: string }[] = [];
  if (args.filename?.length) {
    for (const m of args.filename.flatMap((f) => readManifests(f))) {
      const info = index.byKind(m.object.apiVersion, m.object.kind);
      if (!info) throw new Error(`${m.where}: no resource for kind ${JSON.stringify(m.object.kind)} in ${JSON.stringify(m.object.apiVersion)}`);
      targets.push({ kind: info.kind, info, namespace: m.object.metadata.namespace ?? args.namespace ?? 'default', name: m.object.metadata.name, where: m.where });
    }
  } else {
    if (!args.resource) throw new Error('delete: give -f FILE or KIND NAME');
    let [kind, first] = args.resource.split('/');
    const names = [...(first ? [first] : []), ...(args.names ?? [])];
    if (names.length === 0) throw new Error('delete: name a resource to delete (KIND NAME or KIND/NAME)');
    const info = index.resolveName(kind);
    if (!info) throw new Error(`delete: the server doesn't have a resource type "${kind}"`);
    for (const name of names) targets.push({ kind: info.kind, info, namespace: args.namespace ?? 'default', name, where: `${kind}/${name}` });
  }
  const cascade = args.cascade ?? 'background';
  const policy = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' }[cascade];
  if (!policy) throw new Error(`delete: --cascade ${JSON.stringify(cascade)} is not one of background, foreground, orphan`);
  const client = clientFromArgs(args);
  let failed = 0;
  try {
    for (const t of targets) {
      try {
        await client.call('DELETE', resourcePath(t.info!, t.namespace, t.name), { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy } });
        out(`${t.info!.resource}${t.info!.group ? '.' + t.info!.group : ''} "${t.name}" deleted`);
      } catch (err) {
        if (!(err instanceof KubeApiError)) throw err;
        process.stderr.write(`${err.message}\n`);
        failed++;
      }
    }
  } finally {
    client.close();
  }
  return failed ? 1 : 0;
}
