import { access, constants } from 'node:fs/promises';
import { delimiter } from 'node:path';

/** Binaries the runtime needs and the Debian package that ships each. */
export const HOST_TOOLS: { binary: string; pkg: string; path?: string }[] = [
  { binary: 'containerd', pkg: 'containerd' },
  { binary: 'ctr', pkg: 'containerd' },
  { binary: 'runc', pkg: 'runc' },
  { binary: 'iptables', pkg: 'iptables' },
  { binary: 'ip', pkg: 'iproute2' },
  { binary: 'unshare', pkg: 'util-linux' },
  { binary: 'bridge', pkg: 'containernetworking-plugins', path: '/usr/lib/cni' },
  { binary: 'host-local', pkg: 'containernetworking-plugins', path: '/usr/lib/cni' },
  { binary: 'portmap', pkg: 'containernetworking-plugins', path: '/usr/lib/cni' },
  { binary: 'loopback', pkg: 'containernetworking-plugins', path: '/usr/lib/cni' },
];

async function findBinary(binary: string, dirs: string[]): Promise<boolean> {
  for (const dir of dirs) {
    try {
      await access(`${dir}/${binary}`, constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** Throws one clear error naming the missing binaries and the packages to install. */
export async function checkHostTools(options: { cniPluginDir?: string; path?: string } = {}): Promise<void> {
  const pathDirs = (options.path ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  if (options.path === undefined) for (const extra of ['/usr/sbin', '/sbin']) if (!pathDirs.includes(extra)) pathDirs.push(extra);
  const missing: { binary: string; pkg: string }[] = [];
  for (const tool of HOST_TOOLS) {
    const dirs = tool.path ? [options.cniPluginDir ?? tool.path] : pathDirs;
    if (!(await findBinary(tool.binary, dirs))) missing.push(tool);
  }
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  throw new Error(
    `Cannot run containers: missing ${missing.map((m) => m.binary).join(', ')}; install them with: apt-get install -y ${pkgs.join(' ')}`,
  );
}
