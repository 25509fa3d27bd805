/** A private containerd + ContainerdRuntime for integration tests, and full cleanup. */
import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir, networkInterfaces } from 'node:os';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { ContainerdRuntime, startEmbeddedContainerd, checkHostTools, writeTestImage, type EmbeddedContainerd } from '../../src/runtime/index.js';

export interface Fixture {
  dir: string;
  runtime: ContainerdRuntime;
  containerd: EmbeddedContainerd;
  bridge: string;
  podCidr: string;
  nodeIp: string;
  imagePath: string;
  cleanup(): Promise<string[]>;
}

/** Why these tests cannot run here, or undefined. */
export async function skipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root';
  try {
    await checkHostTools();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

function nodeIp(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

async function natChains(): Promise<Set<string>> {
  const { stdout } = await execa('iptables-save', ['-t', 'nat']);
  return new Set([...stdout.matchAll(/^:(\S+)/gm)].map((m) => m[1]!));
}

export async function startFixture(): Promise<Fixture> {
  const dir = await mkdtemp(`${tmpdir()}/mk8s-rt-`);
  const chainsBefore = await natChains();
  const log = { info: () => undefined, warn: (m: string, f?: object) => console.error(m, f), error: (m: string, f?: object) => console.error(m, f) };
  const containerd = await startEmbeddedContainerd({ dir: `${dir}/containerd`, log });
  const bridge = `mk8st${randomBytes(3).toString('hex')}`;
  const podCidr = `10.244.${1 + (randomBytes(1)[0]! % 250)}.0/24`;
  const runtime = new ContainerdRuntime({
    socket: containerd.socket, stateDir: `${dir}/state`, podCidr, nodeIp: nodeIp(), bridge, snapshotter: containerd.snapshotter,
  });
  const imagePath = await writeTestImage(`${dir}/images/busybox.tar`);

  const cleanup = async (): Promise<string[]> => {
    const leftovers: string[] = [];
    for (const c of await runtime.listContainers().catch(() => [])) await runtime.removeContainer(c.id).catch((e) => leftovers.push(String(e)));
    for (const s of await runtime.listSandboxes().catch(() => [])) await runtime.removeSandbox(s.id).catch((e) => leftovers.push(String(e)));
    const slaves = (await execa('ip', ['-o', 'link', 'show', 'master', bridge], { reject: false })).stdout.trim();
    if (slaves) leftovers.push(`veths left on ${bridge}: ${slaves}`);
    const leases = await readdir(`${dir}/state/cni/networks/mk8s`).catch(() => [] as string[]);
    const ipLeases = leases.filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));
    if (ipLeases.length) leftovers.push(`IP leases left: ${ipLeases.join(' ')}`);
    const netns = (await execa('ip', ['netns', 'list'])).stdout;
    for (const s of await runtime.listSandboxes().catch(() => [])) if (netns.includes(s.id)) leftovers.push(`netns ${s.id}`);
    await containerd.stop();
    await execa('ip', ['link', 'delete', bridge], { reject: false });
    // portmap's shared chains, only when this test created them.
    const created = [...(await natChains())].filter((c) => c.startsWith('CNI-HOSTPORT-') && !chainsBefore.has(c));
    if (created.length) {
      const { stdout } = await execa('iptables-save', ['-t', 'nat']);
      for (const line of stdout.split('\n')) {
        const m = /^-A (PREROUTING|OUTPUT|POSTROUTING) .*-j (CNI-HOSTPORT-\S+)/.exec(line);
        if (m && created.includes(m[2]!)) await execa('sh', ['-c', `iptables -t nat ${line.replace(/^-A/, '-D')}`], { reject: false });
      }
      for (const c of created) await execa('iptables', ['-t', 'nat', '-F', c], { reject: false });
      for (const c of created) await execa('iptables', ['-t', 'nat', '-X', c], { reject: false });
    }
    const mounts = (await execa('sh', ['-c', `grep -F ${dir} /proc/self/mountinfo || true`])).stdout.trim();
    if (mounts) leftovers.push(`mounts: ${mounts}`);
    await rm(dir, { recursive: true, force: true }).catch((e) => leftovers.push(String(e)));
    return leftovers;
  };
  return { dir, runtime, containerd, bridge, podCidr, nodeIp: nodeIp(), imagePath, cleanup };
}
