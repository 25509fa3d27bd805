import { ResourceIndex } from '../api/resources.js';
import { KubeApiError } from '../client/index.js';
import { clientFromArgs } from './client-from-args.js';
import { readManifests } from './manifests.js';
import { resourcePath } from './resource-path.js';

export interface ApplyArgs {
  filename: string[];
  namespace?: string;
  kubeconfig?: string;
  'dry-run'?: string;
}

/**
 * `mk8s apply -f`: server-side apply with the field manager "mk8s" (forcing ownership, so an
 * object first applied by kubectl can be taken over), printing created, configured or unchanged.
 */
export async function runApply(args: ApplyArgs, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  if (!args.filename?.length) throw new Error('apply: -f FILE|DIR|- is required');
  const manifests = args.filename.flatMap((f) => readManifests(f));
  const index = new ResourceIndex();
  const client = clientFromArgs(args);
  let failed = 0;
  try {
    for (const m of manifests) {
      const obj = m.object;
      const info = index.byKind(obj.apiVersion, obj.kind);
      if (!info) {
        process.stderr.write(`error: ${m.where}: no resource for kind ${JSON.stringify(obj.kind)} in ${JSON.stringify(obj.apiVersion)}\n`);
        failed++;
        continue;
      }
      const namespace = info.namespaced ? (obj.metadata.namespace ?? args.namespace ?? 'default') : undefined;
      const name = obj.metadata.name;
      const path = resourcePath(info, namespace, name);
      const before = await client.request('GET', path);
      const dry = args['dry-run'] === 'server' ? '&dryRun=All' : '';
      try {
        const after = await client.call('PATCH', `${path}?fieldManager=mk8s&force=true&fieldValidation=Strict${dry}`, {
          body: JSON.stringify(obj),
          contentType: 'application/apply-patch+yaml',
        });
        const label = `${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''}/${name}`;
        const verb = before.status === 404 ? 'created' : before.body?.metadata?.resourceVersion === after?.metadata?.resourceVersion ? 'unchanged' : 'configured';
        out(`${label} ${verb}${dry ? ' (server dry run)' : ''}`);
      } catch (err) {
        if (!(err instanceof KubeApiError)) throw err;
        process.stderr.write(`error: ${m.where}: ${err.message}\n`);
        failed++;
      }
    }
  } finally {
    client.close();
  }
  return failed > 0 ? 1 : 0;
}
