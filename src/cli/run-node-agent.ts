import { mkdir, readdir } from 'node:fs/promises';
import { existsSync, watch as watchDir, type FSWatcher } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { KubeClient } from '../client/index.js';
import { checkHostTools, ContainerdRuntime, startEmbeddedContainerd, type ContainerRuntime, type EmbeddedContainerd } from '../runtime/index.js';
import { leaseRenewIntervalMs, startAgent, type Taint } from '../agent/index.js';
import { joinCluster } from './join-cluster.js';
import { createStreamingServer } from '../agent/streaming/index.js';
import { createStatsRoute } from '../agent/streaming/stats-route.js';
import { ensureDnsAddress, nodeUpstreams, startClusterDns } from '../agent/dns/index.js';
import { startServiceProxy } from '../agent/proxy/index.js';
import { startRouteSync } from '../agent/routes/index.js';
import { connect } from 'node:net';

export interface NodeAgentOptions {
  server: string;
  token: string;
  dataDir: string;
  nodeName?: string;
  nodeIp?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  containerRuntimeEndpoint?: string;
  controlPlane?: boolean;
  kubeletPort?: number;
  /** The node's resolv.conf: upstreams of the cluster DNS and what host-DNS pods get (default /etc/resolv.conf). */
  resolvConf?: string;
  log: Logger;
}

export interface RunningNodeAgent {
  nodeName: string;
  runtime: ContainerRuntime;
  stop(): Promise<void>;
}

/** The first non-loopback IPv4 address of this machine. */
export function defaultNodeIp(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/**
 * A node: join the server over HTTPS (CA pinned by the token), start or reach containerd,
 * run the agent, import air-gap images. Used by `mk8s agent` and by `mk8s server` for its own node.
 */
export async function runNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const log = options.log.child({ component: 'agent' });
  const nodeName = (options.nodeName ?? hostname()).toLowerCase();
  const nodeIp = options.nodeIp ?? defaultNodeIp();
  const joined = await joinCluster(options.server, options.token, { nodeName, nodeIp });
  log.info('joined the cluster', { server: options.server, node: nodeName, podCIDR: joined.podCIDR });
  const agentDir = join(options.dataDir, 'agent');
  await mkdir(agentDir, { recursive: true, mode: 0o700 });

  let containerd: EmbeddedContainerd | undefined;
  let socket = options.containerRuntimeEndpoint?.replace(/^unix:\/\//, '');
  if (!socket) {
    await checkHostTools();
    containerd = await startEmbeddedContainerd({ dir: join(agentDir, 'containerd'), log });
    socket = containerd.socket;
  }
  const runtime = new ContainerdRuntime({ socket, stateDir: join(agentDir, 'runtime'), podCidr: joined.podCIDR, nodeIp, snapshotter: containerd?.snapshotter, resolvConf: options.resolvConf });
  const images = await startImageAutoImport(runtime, join(agentDir, 'images'), log);

  const runtimeVersion = await containerdVersion(socket);
  const client = new KubeClient({ server: options.server, caPem: joined.caPem, token: joined.nodeToken, source: `node credential of ${nodeName}` });
  const agent = await startAgent({
    client,
    nodeName,
    nodeIp,
    podCidr: joined.podCIDR,
    clusterDns: joined.clusterDNS,
    clusterDomain: joined.clusterDomain,
    labels: options.labels ?? {},
    taints: options.taints ?? [],
    controlPlane: options.controlPlane ?? false,
    runtime,
    dataDir: options.dataDir,
    log,
    kubeletPort: options.kubeletPort ?? 10250,
    runtimeVersion,
    renewIntervalMs: leaseRenewIntervalMs(joined.nodeMonitorGracePeriodSeconds),
  });
  // Service proxy (iptables, mk8s's own chains) and host-gw routes to the other nodes' pod CIDRs.
  const proxy = startServiceProxy({ client, log, nodeIps: [nodeIp], clusterCidr: joined.clusterCIDR });
  const routes = startRouteSync({ client, nodeName, podCidr: joined.podCIDR, nodeIp, dataDir: options.dataDir, log });
  await Promise.all([proxy.synced, routes.synced]);
  // Cluster DNS from the agent itself: 10.43.0.10 is a local address of every node, so pods ask their own node.
  await ensureDnsAddress({ address: joined.clusterDNS });
  const dns = await startClusterDns({ client, clusterDomain: joined.clusterDomain, listen: [{ host: joined.clusterDNS, port: 53 }], upstreams: nodeUpstreams({ resolvConf: options.resolvConf }), log });
  const streaming = await createStreamingServer({
    findContainer: (namespace, pod, container) => {
      const found = agent.findContainer(namespace, pod, container);
      if (!found) return undefined;
      return { containerId: found.containerId, logPath: found.logPath, previousLogPath: found.previousLogPath, podIp: found.pod.status?.podIP ?? nodeIp };
    },
    exec: (containerId, cmd, io) =>
      runtime.exec(containerId, cmd, {
        tty: io.tty,
        stdin: io.stdin,
        onStdout: (chunk: Buffer) => io.stdout.write(chunk),
        onStderr: (chunk: Buffer) => io.stderr.write(chunk),
      }),
    portForward: (target, port) => connect({ host: target.podIp, port }),
    isRunning: async (containerId) => (await runtime.containerStatus(containerId)).state === 'running',
    authenticate: (req) => req.headers.authorization === `Bearer ${joined.kubeletToken}`,
    stats: createStatsRoute({ nodeName, stats: () => agent.stats() }),
    tls: { cert: joined.servingCert.certPem, key: joined.servingCert.keyPem },
    port: options.kubeletPort ?? 10250,
    host: '0.0.0.0',
  });
  log.info('agent endpoint listening', { port: streaming.port });
  return {
    nodeName,
    runtime,
    async stop() {
      images.close();
      await streaming.close();
      await dns.close();
      proxy.stop();
      routes.stop();
      await agent.stop();
      client.close();
      await containerd?.stop();
    },
  };
}

/** `containerd://<server version>` as `ctr version` reports it. */
async function containerdVersion(socket: string): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa('ctr', ['-a', socket, 'version'], { reject: false, timeout: 5000 });
  const m = /Server:[\s\S]*?Version:\s*(\S+)/.exec(result.stdout ?? '');
  return `containerd://${m?.[1]?.replace(/^v/, '') ?? 'unknown'}`;
}

/** Imports every archive in `dir` now and whenever one appears (k3s's air-gap images folder). */
async function startImageAutoImport(runtime: ContainerRuntime, dir: string, log: Logger): Promise<FSWatcher> {
  await mkdir(dir, { recursive: true });
  const seen = new Set<string>();
  const importOne = async (name: string) => {
    if (seen.has(name) || !/\.(tar|tar\.gz|tgz|tar\.zst|tar\.zstd)$/.test(name)) return;
    seen.add(name);
    try {
      const refs = await runtime.importImages(join(dir, name));
      log.info('imported images', { file: name, images: refs });
    } catch (err) {
      seen.delete(name);
      log.error('image import failed', { file: name, error: (err as Error).message });
    }
  };
  for (const name of (await readdir(dir)).sort()) await importOne(name);
  const watcher = watchDir(dir, (_event, name) => {
    if (name) void importOne(name.toString());
  });
  watcher.on('error', (err) => log.error('watching the images folder failed', { error: err.message }));
  return watcher;
}

/**
 * `mk8s agent --cleanup --remove-pods` (the uninstall script's first step, mk8s stopped): every
 * container of the node's embedded containerd is stopped and removed, then every pod sandbox
 * (CNI DEL, network namespace, UTS mount). containerd is started on the node's own config for
 * this (stopping one a killed agent left behind) and stopped afterwards.
 */
export async function removeNodePods(dataDir: string, log: Logger): Promise<{ containers: number; sandboxes: number }> {
  const agentDir = join(dataDir, 'agent');
  if (!existsSync(join(agentDir, 'containerd')) && !existsSync(join(agentDir, 'runtime'))) return { containers: 0, sandboxes: 0 };
  await checkHostTools();
  const containerd = await startEmbeddedContainerd({ dir: join(agentDir, 'containerd'), log });
  try {
    // The pod CIDR only shapes ADD; DEL finds each sandbox's address by its id.
    const runtime = new ContainerdRuntime({ socket: containerd.socket, stateDir: join(agentDir, 'runtime'), podCidr: '10.42.0.0/24', nodeIp: '127.0.0.1', snapshotter: containerd.snapshotter });
    const containers = await runtime.listContainers();
    for (const c of containers) {
      await runtime.stopContainer(c.id, 0).catch((err: Error) => log.warn('stopping a container failed', { container: c.id, error: err.message }));
      await runtime.removeContainer(c.id);
    }
    const sandboxes = await runtime.listSandboxes();
    for (const s of sandboxes) await runtime.removeSandbox(s.id);
    return { containers: containers.length, sandboxes: sandboxes.length };
  } finally {
    await containerd.stop();
  }
}

/** `mk8s agent --cleanup`: removes mk8s's iptables chains, its routes, the cluster DNS address and an idle pod bridge. */
export async function cleanupNode(dataDir: string, clusterDns = '10.43.0.10'): Promise<void> {
  const { cleanupServiceProxy } = await import('../agent/proxy/index.js');
  const { cleanupRoutes } = await import('../agent/routes/index.js');
  const { removeDnsAddress } = await import('../agent/dns/index.js');
  await cleanupServiceProxy();
  await cleanupRoutes({ dataDir });
  await removeDnsAddress({ address: clusterDns });
  await removeIdleBridge('mk8s0');
}

/** Deletes the pod bridge when no pod interface is attached to it any more. */
async function removeIdleBridge(name: string): Promise<void> {
  const { execa } = await import('execa');
  const shown = await execa('ip', ['-o', 'link', 'show', 'master', name], { reject: false });
  if (shown.exitCode !== 0 || String(shown.stdout).trim() !== '') return;
  await execa('ip', ['link', 'del', name], { reject: false });
}
