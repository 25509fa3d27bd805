import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMk8sServer, type Mk8sServer } from './server.js';
import { MK8S_BIN } from './paths.js';
import { spawnLines, type LineProcess } from './line-process.js';
import { tempDir, type Teardown } from './temp-dir.js';
import { waitFor } from './wait-for.js';
import { cleanNodeOnTeardown } from './node-cleanup.js';
import { createLan, type Lan, type NetnsNode } from './netns-node.js';
import { installTestImage } from './test-image.js';

export interface ClusterNode {
  name: string;
  nodeIp: string;
  net: NetnsNode;
  dataDir: string;
  /** The running `mk8s agent` (replaced by start()). */
  agent: LineProcess;
  /** Starts the agent again on the same data dir (after stop or kill); resolves once the Node is Ready. */
  start(): Promise<void>;
  /** Sends a signal to the agent and waits for it to exit (SIGKILL: a node that dies). */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  server: Mk8sServer;
  lan: Lan;
  nodes: ClusterNode[];
}

export interface ClusterOptions {
  /** How many agents (each in its own network namespace on the LAN). */
  nodes: number;
  /** More `mk8s server` flags. */
  serverArgs?: string[];
  /** More `mk8s agent` flags, per node index. */
  agentArgs?: (index: number, lan: Lan) => string[];
  /** Node indexes that join with a bootstrap token from `mk8s token create` instead of the server token. */
  bootstrapTokenNodes?: number[];
  /** Runs once the LAN exists, before the server and agents start (e.g. to serve something on lan.hostIp). */
  before?: (lan: Lan) => Promise<void>;
}

/** `mk8s agent ARGS` inside the namespace, without tap's loaders (see helpers/server.ts). */
export function agentCommand(node: NetnsNode, args: string[]): [string, string[]] {
  return node.command('/usr/bin/env', ['-u', 'NODE_OPTIONS', '-u', 'KUBECONFIG', process.execPath, MK8S_BIN, 'agent', ...args]);
}

/** Resolves once Node `name` reports Ready=True. */
export async function waitNodeReady(server: Mk8sServer, name: string, ms: number, agent?: LineProcess): Promise<void> {
  await waitFor(
    async () => {
      const res = await server.request('GET', `/api/v1/nodes/${name}`);
      return res.status === 200 && res.json().status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
    },
    `node ${name} to be Ready`,
    ms,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}${agent ? `; agent output: ${agent.lines.slice(-30).join('\n')}\n${agent.stderr().slice(-3000)}` : ''}`);
  });
}

/**
 * A cluster of separate "machines" on one host: `mk8s server` (no node of its own) listening on
 * the LAN bridge's address, and `nodes` agents, each in its own network namespace with its own
 * data dir and embedded containerd, joined with the cluster token. Resolves once every Node is
 * Ready. Teardown stops the agents, cleans what each node left (containers, netns, rules) and
 * removes the LAN.
 */
export async function startCluster(t: Teardown, options: ClusterOptions): Promise<Cluster> {
  const lan = await createLan(t, options.nodes);
  await options.before?.(lan);
  const server = await startMk8sServer(t, ['--tls-san', lan.hostIp, ...(options.serverArgs ?? [])], { bindAddress: '0.0.0.0' });
  const serverToken = readFileSync(join(server.dataDir, 'server', 'token'), 'utf8').trim();
  const bootstrapToken = async (): Promise<string> => {
    const r = await server.mk8s(['token', 'create', '--description', 'e2e join']);
    const token = r.stdout.trim();
    if (r.code !== 0 || !/^K10[0-9a-f]{64}::[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) throw new Error(`mk8s token create: code ${r.code}, stdout ${JSON.stringify(r.stdout)}, stderr ${r.stderr}`);
    return token;
  };
  const serverUrl = `https://${lan.hostIp}:${server.port}`;
  const nodes: ClusterNode[] = [];
  for (const [i, net] of lan.nodes.entries()) {
    const dataDir = tempDir(t, `mk8s-e2e-node${i}-`);
    // Registered before the agent's own stop: teardowns run last-registered first.
    cleanNodeOnTeardown(t, dataDir, { netns: net.netns });
    await installTestImage(dataDir);
    const name = `node${i}-${net.netns.slice(9, 15)}`;
    const token = options.bootstrapTokenNodes?.includes(i) ? await bootstrapToken() : serverToken;
    const args = ['--server', serverUrl, '--token', token, '--data-dir', dataDir, '--node-name', name, '--node-ip', net.nodeIp, ...(options.agentArgs?.(i, lan) ?? [])];
    const node: ClusterNode = {
      name,
      nodeIp: net.nodeIp,
      net,
      dataDir,
      agent: spawnLines(t, ...agentCommand(net, args)),
      async start() {
        node.agent = spawnLines(t, ...agentCommand(net, args));
        await waitNodeReady(server, name, 90_000, node.agent);
      },
      async kill(signal) {
        try {
          process.kill(node.agent.pid, signal);
        } catch {
          // already gone
        }
        await node.agent.waitForExit(30_000);
      },
    };
    nodes.push(node);
  }
  for (const node of nodes) await waitNodeReady(server, node.name, 120_000, node.agent);
  return { server, lan, nodes };
}
