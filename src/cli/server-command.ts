import { startServer } from '../server/server.js';
import { defaultServerConfig, type ServerConfig } from '../server/server-config.js';
import { createLogger, isLevel } from '../log.js';
import { parseDurationSeconds } from './duration.js';
import type { RunningNodeAgent } from './run-node-agent.js';
import type { NodeFlags } from './agent-command.js';

export interface ServerArgs extends NodeFlags {
  'data-dir'?: string;
  'https-listen-port': number;
  'bind-address': string;
  'advertise-address'?: string;
  'tls-san': string[];
  token?: string;
  'write-kubeconfig'?: string;
  'disable-agent': boolean;
  'log-level': string;
  'cluster-cidr': string;
  'service-cidr': string;
  'cluster-dns': string;
  'cluster-domain': string;
  'service-node-port-range': string;
  'node-monitor-grace-period': string;
  'default-not-ready-toleration-seconds': number;
  'default-unreachable-toleration-seconds': number;
  'horizontal-pod-autoscaler-sync-period': string;
  'horizontal-pod-autoscaler-downscale-stabilization': string;
  'metric-resolution': string;
}

/** Checks the flags and turns them into a ServerConfig; a bad value names its flag. */
export function serverConfigFromArgs(args: ServerArgs): ServerConfig {
  const port = args['https-listen-port'];
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--https-listen-port: invalid port ${JSON.stringify(port)} (0-65535)`);
  if (!isLevel(args['log-level'])) throw new Error(`--log-level: invalid value ${JSON.stringify(args['log-level'])} (debug, info, warn, error)`);
  for (const flag of ['default-not-ready-toleration-seconds', 'default-unreachable-toleration-seconds'] as const) {
    if (!Number.isInteger(args[flag]) || args[flag] < 0) throw new Error(`--${flag}: invalid value ${JSON.stringify(args[flag])} (a non-negative integer)`);
  }
  if (!/^\d+-\d+$/.test(args['service-node-port-range'])) throw new Error(`--service-node-port-range: invalid value ${JSON.stringify(args['service-node-port-range'])} (e.g. 30000-32767)`);
  return defaultServerConfig({
    ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
    httpsListenPort: port,
    bindAddress: args['bind-address'],
    advertiseAddress: args['advertise-address'],
    tlsSans: args['tls-san'].flatMap((s) => String(s).split(',')).filter(Boolean),
    token: args.token,
    writeKubeconfig: args['write-kubeconfig'],
    disableAgent: args['disable-agent'],
    nodeName: args['node-name'],
    logLevel: args['log-level'],
    clusterCidr: args['cluster-cidr'],
    serviceCidr: args['service-cidr'],
    clusterDns: args['cluster-dns'],
    clusterDomain: args['cluster-domain'],
    serviceNodePortRange: args['service-node-port-range'],
    nodeMonitorGracePeriodSeconds: parseDurationSeconds(args['node-monitor-grace-period'], '--node-monitor-grace-period'),
    defaultNotReadyTolerationSeconds: args['default-not-ready-toleration-seconds'],
    defaultUnreachableTolerationSeconds: args['default-unreachable-toleration-seconds'],
    hpaSyncPeriodSeconds: positiveDuration(args['horizontal-pod-autoscaler-sync-period'], '--horizontal-pod-autoscaler-sync-period'),
    hpaDownscaleStabilizationSeconds: parseDurationSeconds(args['horizontal-pod-autoscaler-downscale-stabilization'], '--horizontal-pod-autoscaler-downscale-stabilization'),
    metricResolutionSeconds: positiveDuration(args['metric-resolution'], '--metric-resolution'),
  });
}

/** A duration above zero (a period: 0 would spin). */
function positiveDuration(value: string, flag: string): number {
  const seconds = parseDurationSeconds(value, flag);
  if (!(seconds > 0)) throw new Error(`${flag}: invalid duration ${JSON.stringify(value)} (must be above 0)`);
  return seconds;
}

/** `mk8s server`: runs until SIGTERM or SIGINT, then stops cleanly. */
export async function runServer(args: ServerArgs): Promise<number> {
  const config = serverConfigFromArgs(args);
  const log = createLogger({ level: config.logLevel });
  const server = await startServer(config, { log });
  let agent: RunningNodeAgent | undefined;
  if (!config.disableAgent) {
    try {
      // Loaded only when this server is also a node: the runtime is not needed otherwise.
      const { runNodeAgent } = await import('./run-node-agent.js');
      const { nodeOptionsFromFlags } = await import('./agent-command.js');
      agent = await runNodeAgent({
        server: server.url,
        token: server.clusterToken,
        dataDir: config.dataDir,
        ...nodeOptionsFromFlags(args),
        nodeName: config.nodeName,
        nodeIp: args['node-ip'] ?? config.advertiseAddress,
        controlPlane: true,
        log,
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await agent?.stop();
  await server.stop();
  return 0;
}
