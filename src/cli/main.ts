import yargs, { type Argv } from 'yargs';
import type { ServerArgs } from './server-command.js';
import { KUBERNETES_MINOR, MK8S_VERSION } from '../server/version.js';

type Args = Record<string, unknown>;

interface Command {
  /** The yargs command string without the command's name: its positionals. */
  positionals: string;
  describe: string;
  options: (y: Argv) => Argv;
  run: (a: Args) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  server: {
    positionals: '',
    describe: 'Run the control plane (API server, store, controllers) and, unless disabled, a node agent',
    options: (y) =>
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
    run: async (a) => (await import('./server-command.js')).runServer(a as unknown as ServerArgs),
  },
  agent: {
    positionals: '',
    describe: 'Join a cluster as a worker node and run its pods',
    options: (y) =>
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
    run: async (a) => (await import('./agent-command.js')).runAgentCommand(a as never),
  },
  image: {
    positionals: '<action> [files..]',
    describe: 'Manage images on this node (import, ls, rm)',
    options: (y) =>
      y.positional('action', { type: 'string', choices: ['import', 'ls', 'rm'], demandOption: true })
        .positional('files', { type: 'string', array: true })
        .option('data-dir', { type: 'string' })
        .option('container-runtime-endpoint', { type: 'string' }),
    run: async (a) => (await import('./image-command.js')).runImage(a as never),
  },
  apply: {
    positionals: '',
    describe: 'Create or update objects from manifests',
    options: (y) =>
      y.option('filename', { alias: 'f', type: 'string', array: true, demandOption: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('dry-run', { type: 'string', choices: ['none', 'server'] })
        .option('kubeconfig', { type: 'string' }),
    run: async (a) => (await import('./apply-command.js')).runApply(a as never),
  },
  get: {
    positionals: '<resource> [name]',
    describe: 'Show objects',
    options: (y) =>
      y.positional('resource', { type: 'string', demandOption: true })
        .positional('name', { type: 'string' })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('all-namespaces', { alias: 'A', type: 'boolean' })
        .option('output', { alias: 'o', type: 'string' })
        .option('watch', { alias: 'w', type: 'boolean' })
        .option('selector', { alias: 'l', type: 'string' })
        .option('kubeconfig', { type: 'string' }),
    run: async (a) => (await import('./get-command.js')).runGet(a as never),
  },
  delete: {
    positionals: '[resource] [names..]',
    describe: 'Delete objects',
    options: (y) =>
      y.positional('resource', { type: 'string' })
        .positional('names', { type: 'string', array: true })
        .option('filename', { alias: 'f', type: 'string', array: true })
        .option('namespace', { alias: 'n', type: 'string' })
        .option('cascade', { type: 'string', default: 'background' })
        .option('kubeconfig', { type: 'string' }),
    run: async (a) => (await import('./delete-command.js')).runDelete(a as never),
  },
  token: {
    positionals: '<action>',
    describe: 'Manage join tokens (create, list)',
    options: (y) =>
      y.positional('action', { type: 'string', choices: ['create', 'list'], demandOption: true })
        .option('ttl', { type: 'string' })
        .option('description', { type: 'string' })
        .option('kubeconfig', { type: 'string' }),
    run: async (a) => (await import('./token-command.js')).runToken(a as never),
  },
};

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
  const name = argv[0] ?? '';
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command && !argv.some((a) => a === '--help' || a === '-h')) {
    // A named command is parsed by a parser that knows only it, as its default command. Run as
    // a named command, yargs renders and caches the whole help text once the handler starts:
    // tens of milliseconds of start-up, and enough string measuring to wake V8's optimising
    // compiler (megabytes of resident code) in a server that is otherwise idle.
    const args = await parser(argv.slice(1), `mk8s ${name}`)
      .command(['$0', command.positionals].join(' ').trim(), command.describe, command.options)
      .parseAsync();
    return command.run(args);
  }
  // Anything else (help, no command, an unknown one): the parser of every command.
  let y = parser(argv, 'mk8s');
  for (const [n, c] of Object.entries(COMMANDS)) y = y.command([n, c.positionals].join(' ').trim(), c.describe, c.options);
  const args = await y
    .command('kubectl', 'Run the installed kubectl with mk8s\'s kubeconfig')
    .command('version', 'Print versions')
    .demandCommand(1, 'mk8s: name a command (server, apply, get, delete, token, kubectl, version)')
    .help()
    .parseAsync();
  if (args._[0] === 'version') process.stdout.write(`mk8s version v${MK8S_VERSION} (Kubernetes v1.${KUBERNETES_MINOR}.0)\nnode ${process.version}\n`);
  return 0;
}

function parser(argv: string[], scriptName: string): Argv {
  return yargs(argv)
    .scriptName(scriptName)
    .env('MK8S')
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help();
}
