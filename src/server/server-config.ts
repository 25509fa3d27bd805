import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Level } from '../log.js';

/** Everything `mk8s server` is told, with the defaults a k3s user expects. */
export interface ServerConfig {
  dataDir: string;
  httpsListenPort: number;
  bindAddress: string;
  advertiseAddress?: string;
  tlsSans: string[];
  /** The cluster secret; generated at first start when absent. */
  token?: string;
  writeKubeconfig?: string;
  disableAgent: boolean;
  nodeName?: string;
  logLevel: Level;
  clusterCidr: string;
  serviceCidr: string;
  clusterDns: string;
  clusterDomain: string;
  serviceNodePortRange: string;
  nodeMonitorGracePeriodSeconds: number;
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
  /** How often each HPA is reconciled (upstream's `--horizontal-pod-autoscaler-sync-period`). */
  hpaSyncPeriodSeconds: number;
  /** The HPA's default scale-down stabilization window (`--horizontal-pod-autoscaler-downscale-stabilization`). */
  hpaDownscaleStabilizationSeconds: number;
  /** How often node and pod usage is scraped from the agents (metrics-server's `--metric-resolution`). */
  metricResolutionSeconds: number;
}

export function defaultDataDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/mk8s' : join(homedir(), '.mk8s');
}

export function defaultServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dataDir: defaultDataDir(),
    httpsListenPort: 6443,
    bindAddress: '0.0.0.0',
    tlsSans: [],
    disableAgent: false,
    logLevel: 'info',
    clusterCidr: '10.42.0.0/16',
    serviceCidr: '10.43.0.0/16',
    clusterDns: '10.43.0.10',
    clusterDomain: 'cluster.local',
    serviceNodePortRange: '30000-32767',
    nodeMonitorGracePeriodSeconds: 40,
    defaultNotReadyTolerationSeconds: 300,
    defaultUnreachableTolerationSeconds: 300,
    hpaSyncPeriodSeconds: 15,
    hpaDownscaleStabilizationSeconds: 300,
    metricResolutionSeconds: 15,
    ...overrides,
  };
}

/** The paths under the data directory. */
export function serverPaths(dataDir: string) {
  const server = join(dataDir, 'server');
  return {
    server,
    db: join(server, 'db', 'state.db'),
    tls: join(server, 'tls'),
    token: join(server, 'token'),
    adminToken: join(server, 'cred', 'admin-token'),
    signingKey: join(server, 'cred', 'service-account.key'),
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
  };
}
