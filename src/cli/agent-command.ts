import { readFileSync } from 'node:fs';
import { createLogger, isLevel } from '../log.js';
import { defaultDataDir } from '../server/server-config.js';
import { runNodeAgent, type NodeAgentOptions } from './run-node-agent.js';
import type { Taint } from '../agent/index.js';

/** The node flags `mk8s agent` and `mk8s server` (for its own node) share. */
export interface NodeFlags {
  'node-name'?: string;
  'node-ip'?: string;
  'node-label': string[];
  'node-taint': string[];
  'container-runtime-endpoint'?: string;
  'kubelet-port'?: number;
  'resolv-conf'?: string;
}

/** The node flags checked and turned into runNodeAgent options; a bad value names its flag. */
export function nodeOptionsFromFlags(args: NodeFlags): Pick<NodeAgentOptions, 'nodeName' | 'nodeIp' | 'labels' | 'taints' | 'containerRuntimeEndpoint' | 'kubeletPort' | 'resolvConf'> {
  return {
    nodeName: args['node-name'],
    nodeIp: args['node-ip'],
    labels: parseLabels(args['node-label'] ?? [], '--node-label'),
    taints: parseTaints(args['node-taint'] ?? [], '--node-taint'),
    containerRuntimeEndpoint: args['container-runtime-endpoint'],
    kubeletPort: checkPort(args['kubelet-port'] ?? 10250, '--kubelet-port'),
    resolvConf: checkResolvConf(args['resolv-conf']),
  };
}

export interface AgentArgs extends NodeFlags {
  server?: string;
  token?: string;
  'data-dir'?: string;
  'log-level': string;
  cleanup?: boolean;
  'remove-pods'?: boolean;
}

/** "k=v" → [k, v]; a bad value names the flag. */
export function parseLabels(values: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new Error(`${flag}: invalid value ${JSON.stringify(v)} (expected key=value)`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** "k=v:Effect" or "k:Effect" → taint; a bad value names the flag. */
export function parseTaints(values: string[], flag: string): Taint[] {
  return values.map((v) => {
    const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(v);
    if (!m) throw new Error(`${flag}: invalid value ${JSON.stringify(v)} (expected key=value:NoSchedule|PreferNoSchedule|NoExecute)`);
    const effect = m[3] as Taint['effect'];
    return m[2] === undefined ? { key: m[1], effect } : { key: m[1], value: m[2], effect };
  });
}

/** `mk8s agent --server URL --token TOKEN`: joins the cluster and runs this node until SIGTERM/SIGINT. */
export async function runAgentCommand(args: AgentArgs): Promise<number> {
  if (args['remove-pods'] && !args.cleanup) throw new Error('--remove-pods: only with --cleanup (mk8s agent --cleanup --remove-pods)');
  if (args.cleanup) {
    const { cleanupNode, removeNodePods } = await import('./run-node-agent.js');
    const dataDir = args['data-dir'] ?? defaultDataDir();
    if (args['remove-pods']) {
      const removed = await removeNodePods(dataDir, createLogger({ level: isLevel(args['log-level']) ? args['log-level'] : 'info' }));
      process.stdout.write(`removed ${removed.containers} containers and ${removed.sandboxes} pod sandboxes\n`);
    }
    await cleanupNode(dataDir);
    process.stdout.write('removed mk8s iptables chains, routes, the cluster DNS address and the idle pod bridge\n');
    return 0;
  }
  if (!args.server) throw new Error('--server: required (e.g. https://10.0.0.1:6443)');
  if (!/^https:\/\/[^/]+/.test(args.server)) throw new Error(`--server: invalid value ${JSON.stringify(args.server)} (expected https://HOST:PORT)`);
  if (!args.token) throw new Error('--token: required (the server\'s <data-dir>/server/token, or one from `mk8s token create`)');
  if (!isLevel(args['log-level'])) throw new Error(`--log-level: invalid value ${JSON.stringify(args['log-level'])} (debug, info, warn, error)`);
  const log = createLogger({ level: args['log-level'] });
  const agent = await runNodeAgent({
    server: args.server,
    token: args.token,
    dataDir: args['data-dir'] ?? defaultDataDir(),
    ...nodeOptionsFromFlags(args),
    log,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await agent.stop();
  return 0;
}

/** A TCP port 1-65535; a bad value names the flag. */
export function checkPort(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${flag}: invalid port ${JSON.stringify(value)} (1-65535)`);
  return value;
}

/** `--resolv-conf FILE`: must be a readable file; a bad value names the flag. */
export function checkResolvConf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`--resolv-conf: cannot read ${JSON.stringify(path)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return path;
}
