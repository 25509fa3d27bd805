import yargs from 'yargs';
import type { ServerArgs } from './server-command.js';
import { KUBERNETES_MINOR, MK8S_VERSION } from '../server/version.js';

/** The `mk8s` command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'kubectl') {
    const rest = argv.slice(1);
    const i = rest.findIndex((a) => a.startsWith('--mk8s-kubeconfig='));
    const kc = i >= 0 ? rest.splice(i, 1)[0].split('=')[1] : undefined;
    return (await import('./kubectl-command.js')).runKubectl(rest, kc);
  }
  // yargs reads a lone "-" as an unknown flag: "-f -" (stdin) becomes "-f /dev/stdin".
  argv = argv.map((a, i) => (a === '-' && ['-f', '--filename'].includes(argv[i - 1]) ? '/dev/stdin' : a));
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
        .option('node-ip', { type: 'string' })
        .option('node-label', { type: 'string', array: true, default: [] as string[] })
        .option('node-taint', { type: 'string', array: true, default: [] as string[] })
        .option('container-runtime-endpoint', { type: 'string' })
        .option('kubelet-port', { type: 'number', default: 10250 })
        .option('resolv-conf', { type: 'string', describe: "The node's resolv.conf: cluster DNS upstreams, and what host-DNS pods get (default /etc/resolv.conf)" })
        .option('log-level', { type: 'string', default: 'info' })
        .option('cluster-cidr', { type: 'string', default: '10.42.0.0/16' })
        .option('service-cidr', { type: 'string', default: '10.43.0.0/16' })
        .option('cluster-dns', { type: 'string', default: '10.43.0.10' })
        .option('cluster-domain', { type: 'string', default: 'cluster.local' })
        .option('service-node-port-range', { type: 'string', default: '30000-32767' })
        .option('node-monitor-grace-period', { type: 'string', default: '40s' })
        .option('default-not-ready-toleration-seconds', { type: 'number', default: 300 })
        .option('default-unreachable-toleration-seconds', { type: 'number', default: 300 })
        .option('horizontal-pod-autoscaler-sync-period', { type: 'string', default: '15s', describe: 'How often each HorizontalPodAutoscaler is reconciled' })
        .option('horizontal-pod-autoscaler-downscale-stabilization', { type: 'string', default: '5m0s', describe: 'How long an HPA looks back before scaling down (when its spec.behavior does not say)' })
        .option('metric-resolution', { type: 'string', default: '15s', describe: 'How often node and pod usage is scraped from the agents (kubectl top, HPA)' }),
      async (a) => set(await (await import('./server-command.js')).runServer(a as unknown as ServerArgs)))
    .command('agent', 'Join a cluster as a worker node and run its pods', (y) =>
      y.option('server', { type: 'string', describe: 'The server URL, e.g. https://10.0.0.1:6443' })
        .option('token', { type: 'string', describe: 'The cluster token (server: <data-dir>/server/token) or one from mk8s token create' })
        .option('data-dir', { type: 'string' })
        .option('node-name', { type: 'string' })
        .option('node-ip', { type: 'string' })
        .option('node-label', { type: 'string', array: true, default: [] as string[] })
        .option('node-taint', { type: 'string', array: true, default: [] as string[] })
        .option('container-runtime-endpoint', { type: 'string', describe: 'A running containerd socket (default: start one)' })
        .option('kubelet-port', { type: 'number', default: 10250, describe: 'Port of the agent endpoint the server reaches for logs/exec' })
        .option('resolv-conf', { type: 'string', describe: "The node's resolv.conf: cluster DNS upstreams, and what host-DNS pods get (default /etc/resolv.conf)" })
        .option('cleanup', { type: 'boolean', default: false, describe: 'Remove mk8s iptables chains, routes and the DNS address, then exit' })
        .option('remove-pods', { type: 'boolean', default: false, describe: 'With --cleanup (mk8s stopped): also stop and remove every pod container and sandbox of this node' })
        .option('log-level', { type: 'string', default: 'info' }),
      async (a) => set(await (await import('./agent-command.js')).runAgentCommand(a as never)))
    .command('image <action> [files..]', 'Manage images on this node (import, ls, rm)', (y) =>
      y.positional('action', { type: 'string', choices: ['import', 'ls', 'rm'], demandOption: true })
        .positional('files', { type: 'string', array: true })
        .option('data-dir', { type: 'string' })
        .option('container-runtime-endpoint', { type: 'string' }),
      async (a) => set(await (await import('./image-command.js')).runImage(a as never)))
    .command('apply', 'Create or update objects from manifests', (y) =>
      y.option('filename', { alias: 'f', type: 'string', array: true, demandOption: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('dry-run', { type: 'string', choices: ['none', 'server'] })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await (await import('./apply-command.js')).runApply(a as never)))
    .command('get <resource> [name]', 'Show objects', (y) =>
      y.positional('resource', { type: 'string', demandOption: true })
        .positional('name', { type: 'string' })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('all-namespaces', { alias: 'A', type: 'boolean' })
        .option('output', { alias: 'o', type: 'string' })
        .option('watch', { alias: 'w', type: 'boolean' })
        .option('selector', { alias: 'l', type: 'string' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await (await import('./get-command.js')).runGet(a as never)))
    .command('delete [resource] [names..]', 'Delete objects', (y) =>
      y.positional('resource', { type: 'string' })
        .positional('names', { type: 'string', array: true })
        .option('filename', { alias: 'f', type: 'string', array: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('cascade', { type: 'string', default: 'background' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await (await import('./delete-command.js')).runDelete(a as never)))
    .command('token <action>', 'Manage join tokens (create, list)', (y) =>
      y.positional('action', { type: 'string', choices: ['create', 'list'], demandOption: true })
        .option('ttl', { type: 'string' })
        .option('description', { type: 'string' })
        .option('kubeconfig', { type: 'string' }),
      async (a) => set(await (await import('./token-command.js')).runToken(a as never)))
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
