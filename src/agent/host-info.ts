/** Facts about this machine a Node reports: capacity and nodeInfo. */
import { readFile, statfs, mkdir } from 'node:fs/promises';
import { arch, cpus, release, totalmem } from 'node:os';

export interface HostInfo {
  capacity: Record<string, string>;
  nodeInfo: Record<string, string>;
}

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function goArch(): string {
  return ARCH[arch()] ?? arch();
}

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

async function osImage(): Promise<string> {
  const text = await readTrimmed('/etc/os-release');
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  return m ? m[1].replace(/^["']|["']$/g, '') : 'Linux';
}

export async function readHostInfo(dataDir: string, runtimeVersion: string): Promise<HostInfo> {
  await mkdir(dataDir, { recursive: true });
  const fs = await statfs(dataDir);
  const storage = Number(fs.blocks) * Number(fs.bsize);
  const memKi = Math.floor(totalmem() / 1024);
  const capacity = {
    cpu: String(cpus().length),
    memory: `${memKi}Ki`,
    pods: '110',
    'ephemeral-storage': `${Math.floor(storage / 1024)}Ki`,
  };
  const machineID = await readTrimmed('/etc/machine-id');
  const bootID = await readTrimmed('/proc/sys/kernel/random/boot_id');
  const systemUUID = (await readTrimmed('/sys/class/dmi/id/product_uuid')) || machineID;
  return {
    capacity,
    nodeInfo: {
      machineID,
      systemUUID,
      bootID,
      kernelVersion: release(),
      osImage: await osImage(),
      containerRuntimeVersion: runtimeVersion,
      kubeletVersion: 'v1.32.0+mk8s',
      kubeProxyVersion: 'v1.32.0+mk8s',
      operatingSystem: 'linux',
      architecture: goArch(),
    },
  };
}
