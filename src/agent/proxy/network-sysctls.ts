/** Kernel switches the proxy needs: IPv4 forwarding, and bridged traffic through iptables. */
import { access, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import type { Logger } from '../../log.js';

export interface SysctlResult {
  ipForward: boolean;
  /** false when the br_netfilter module is missing and could not be loaded. */
  bridgeNfCallIptables: boolean;
}

async function set(path: string, log: Logger): Promise<boolean> {
  try {
    await writeFile(path, '1');
    return true;
  } catch (err) {
    log.warn('cannot set a kernel parameter', { path, error: (err as Error).message });
    return false;
  }
}

/** Sets `net.ipv4.ip_forward=1` and, loading br_netfilter if needed, `net.bridge.bridge-nf-call-iptables=1`. */
export async function enableNetworkSysctls(log: Logger, procSys = '/proc/sys'): Promise<SysctlResult> {
  const ipForward = await set(`${procSys}/net/ipv4/ip_forward`, log);
  const bridge = `${procSys}/net/bridge/bridge-nf-call-iptables`;
  let present = await access(bridge).then(() => true, () => false);
  if (!present) {
    await execa('modprobe', ['br_netfilter'], { reject: false, timeout: 10_000 });
    present = await access(bridge).then(() => true, () => false);
  }
  if (!present) log.warn('br_netfilter is not available: replies between pods on one bridge skip conntrack, so a pod reaching a service endpoint on its own node may hang');
  const bridgeNfCallIptables = present && (await set(bridge, log));
  return { ipForward, bridgeNfCallIptables };
}
