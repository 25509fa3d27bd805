import yargs from 'yargs';
import { runServer, type ServerArgs } from './server-command.js';
import { runApply } from './apply-command.js';
import { runGet } from './get-command.js';
import { runDelete } from './delete-command.js';
import { runToken } from './token-command.js';
import { runKubectl } from './kubectl-command.js';
import { KUBERNETES_MINOR, MK8S_VERSION } from '../server/version.js';

/** The `mk8s` command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'kubectl') {
    const rest = argv.slice(1);
    const i = rest.findIndex((a) => a.startsWith('--mk8s-kubeconfig='));
    const kc = i >= 0 ? rest.splice(i, 1)[0].split('=')[1] : undefined;
    return runKubectl(rest, kc);
  }
  let code = 0;
  const set = (c: number) => {
    code = c;
  };
  await yargs(argv)
    .scriptName('mk8s')
    .env('MK8S')
    .strict()
    .command('server', 'Run the control plane (API server, store, controllers) and, unless disabled, a node agent', (y) =>
      y
        .option('data-dir', { type: 'string', describe: 'Where state lives (default /var/lib/mk8s as root, ~/.mk8s otherwise)' })
        .option('https-listen-port', { type: 'number', default: 6443 })
        .option('bind-address', { type: 'string', default: '0.0.0.0' })
        .option('advertise-address', { type: 'string' })
        .option('tls-san', { type: 'string', array: true, default: [] as string[] })
        .option('token', { type: 'string', describe: 'Cluster secret agents join with' })
        .option('write-kubeconfig', { type: 'string', describe: 'Kubeconfig path (default <data-dir>/kubeconfig.yaml)' })
        .option('disable-agent', { type: 'boolean', default: false })
        .option('node-name', { type: 'string' })
        .option('log-level', { type: 'string', default: 'info' })
        .option('cluster-cidr', { type: 'string', default: '10.42.0.0/16' })
        .option('service-cidr', { type: 'string', default: '10.43.0.0/16' })
        .option('cluster-dns', { type: 'string', default: '10.43.0.10' })
        .option('cluster-domain', { type: 'string', default: 'cluster.local' })
        .option('service-node-port-range', { type: 'string', default: '30000-32767' })
        .option('node-monitor-grace-period', { type: 'string', default: '40s' })
        .option('default-not-ready-toleration-seconds', { type: 'number', default: 300 })
        .option('default-unreachable-toleration-seconds', { type: 'number', default: 300 }),
      async (a) => set(await runServer(a as unknown as ServerArgs)))
    .command('apply', 'Create or update objects from manifests', (y) =>
      y.option('filename', { alias: 'f', type: 'string', array: true, demandOption: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('dry-run', { type: 'string', choices: ['none', 'server'] })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await runApply(a as never)))
    .command('get <resource> [name]', 'Show objects', (y) =>
      y.positional('resource', { type: 'string', demandOption: true })
        .positional('name', { type: 'string' })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('all-namespaces', { alias: 'A', type: 'boolean' })
        .option('output', { alias: 'o', type: 'string' })
        .option('watch', { alias: 'w', type: 'boolean' })
        .option('selector', { alias: 'l', type: 'string' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await runGet(a as never)))
    .command('delete [resource] [names..]', 'Delete objects', (y) =>
      y.positional('resource', { type: 'string' })
        .positional('names', { type: 'string', array: true })
        .option('filename', { alias: 'f', type: 'string', array: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('cascade', { type: 'string', default: 'background' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await runDelete(a as never)))
    .command('token <action>', 'Manage join tokens (create, list)', (y) =>
      y.positional('action', { type: 'string', choices: ['create', 'list'], demandOption: true })
        .option('ttl', { type: 'string' })
        .option('description', { type: 'string' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await runToken(a as never)))
    .command('kubectl', 'Run the installed kubectl with mk8s\'s kubeconfig', () => {}, () => {})
    .command('version', 'Print versions', () => {}, () => {
      process.stdout.write(`mk8s version v${MK8S_VERSION} (Kubernetes v1.${KUBERNETES_MINOR}.0)\nnode ${process.version}\n`);
    })
    .demandCommand(1, 'mk8s: name a command (server, apply, get, delete, token, kubectl, version)')
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();
  return code;
}
