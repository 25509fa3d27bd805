import { randomBytes } from 'node:crypto';
import type { Teardown } from './temp-dir.js';
import { runProcess } from './run-process.js';

export interface NetnsNode {
  /** The network namespace, `mk8s-e2e-<hex>`. */
  netns: string;
  /** The host's end of the veth pair (172.31.N.1). */
  hostIp: string;
  /** The namespace's end (172.31.N.2), its default gateway being hostIp. */
  nodeIp: string;
  hostIf: string;
  /**
   * `[file, args]` running `file args` in the namespace's network only (`nsenter --net`, which execs it:
   * the pid is the program's). Not `ip netns exec`: it mounts a new /sys, hiding /sys/fs/cgroup from runc.
   */
  command(file: string, args: string[]): [string, string[]];
}

async function sh(file: string, args: string[]): Promise<void> {
  const r = await runProcess(file, args, { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.code}: ${r.stderr.trim()}`);
}

/**
 * Another "machine" on this host: a network namespace joined to the host by a veth pair
 * (host 172.31.N.1/30, namespace 172.31.N.2/30, default route via the host), loopback up.
 * Teardown deletes the namespace (which deletes its veth end and so the pair).
 */
export async function createNetnsNode(t: Teardown): Promise<NetnsNode> {
  const hex = randomBytes(3).toString('hex');
  const netns = `mk8s-e2e-${hex}`;
  const n = 1 + (parseInt(hex, 16) % 254);
  const hostIf = `mk8sh${hex}`;
  const peerIf = `mk8sp${hex}`;
  const hostIp = `172.31.${n}.1`;
  const nodeIp = `172.31.${n}.2`;
  t.teardown(async () => {
    await runProcess('ip', ['netns', 'delete', netns]);
    await runProcess('ip', ['link', 'delete', hostIf]); // already gone with the namespace, normally
  });
  await sh('ip', ['netns', 'add', netns]);
  await sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf]);
  await sh('ip', ['link', 'set', peerIf, 'netns', netns]);
  await sh('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
  await sh('ip', ['link', 'set', hostIf, 'up']);
  const inNs = (args: string[]) => sh('ip', ['netns', 'exec', netns, ...args]);
  await inNs(['ip', 'link', 'set', 'lo', 'up']);
  await inNs(['ip', 'addr', 'add', `${nodeIp}/30`, 'dev', peerIf]);
  await inNs(['ip', 'link', 'set', peerIf, 'up']);
  await inNs(['ip', 'route', 'add', 'default', 'via', hostIp]);
  return { netns, hostIp, nodeIp, hostIf, command: (file, args) => ['nsenter', [`--net=/var/run/netns/${netns}`, file, ...args]] };
}

export interface Lan {
  /** The host's bridge joining the nodes, holding `hostIp`. */
  bridge: string;
  /** The host's address on the LAN (172.31.N.1/24): the server listens here. */
  hostIp: string;
  /** One per node: 172.31.N.2, .3, ... on the same /24, each the default-routed through hostIp. */
  nodes: NetnsNode[];
}

/**
 * Several "machines" on one network: a host bridge with 172.31.N.1/24 and `count` network
 * namespaces, each plugged into it by a veth pair (172.31.N.(i+2)/24, default route via the host),
 * so nodes reach each other directly (the host-gw routes need that). Teardown deletes the
 * namespaces and the bridge.
 */
export async function createLan(t: Teardown, count: number): Promise<Lan> {
  const hex = randomBytes(3).toString('hex');
  const n = 1 + (parseInt(hex, 16) % 254);
  const bridge = `mk8sb${hex}`;
  const hostIp = `172.31.${n}.1`;
  const nodes: NetnsNode[] = [];
  t.teardown(async () => {
    for (const node of nodes) await runProcess('ip', ['netns', 'delete', node.netns]);
    await runProcess('ip', ['link', 'delete', bridge]);
  });
  await sh('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await sh('ip', ['addr', 'add', `${hostIp}/24`, 'dev', bridge]);
  await sh('ip', ['link', 'set', bridge, 'up']);
  for (let i = 0; i < count; i++) {
    const netns = `mk8s-e2e-${hex}-${i}`;
    const hostIf = `mk8sh${hex}${i}`;
    const peerIf = `mk8sp${hex}${i}`;
    const nodeIp = `172.31.${n}.${i + 2}`;
    await sh('ip', ['netns', 'add', netns]);
    nodes.push({ netns, hostIp, nodeIp, hostIf, command: (file, args) => ['nsenter', [`--net=/var/run/netns/${netns}`, file, ...args]] });
    await sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf]);
    await sh('ip', ['link', 'set', peerIf, 'netns', netns]);
    await sh('ip', ['link', 'set', hostIf, 'master', bridge]);
    await sh('ip', ['link', 'set', hostIf, 'up']);
    const inNs = (args: string[]) => sh('ip', ['netns', 'exec', netns, ...args]);
    await inNs(['ip', 'link', 'set', 'lo', 'up']);
    await inNs(['ip', 'link', 'set', peerIf, 'name', 'eth0']);
    await inNs(['ip', 'addr', 'add', `${nodeIp}/24`, 'dev', 'eth0']);
    await inNs(['ip', 'link', 'set', 'eth0', 'up']);
    await inNs(['ip', 'route', 'add', 'default', 'via', hostIp]);
  }
  return { bridge, hostIp, nodes };
}
