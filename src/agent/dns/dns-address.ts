/**
 * Puts the cluster DNS address (10.43.0.10) on this node so pods reach the agent's DNS server
 * without NAT: a `dummy` link `mk8s-dns` holding the /32 (as NodeLocal DNSCache does), or, where
 * the kernel has no dummy driver, the /32 on `lo` labelled `lo:mk8s-dns`. A pod's packets to
 * 10.43.0.10 leave through its default route (the bridge gateway, i.e. this node), match a
 * local address and are delivered to the socket bound there; replies come from 10.43.0.10.
 * Every node holds the same address, so pods always ask their own node.
 */
import { execa } from 'execa';

export interface DnsAddressOptions {
  /** Default 10.43.0.10. */
  address?: string;
  /** The dummy link's name (at most 15 characters). Default `mk8s-dns`. */
  linkName?: string;
}

export interface DnsAddress {
  address: string;
  /** `dummy` when the link was created, `loopback` when the address went onto lo. */
  mode: 'dummy' | 'loopback';
  device: string;
}

export async function ensureDnsAddress(options: DnsAddressOptions = {}): Promise<DnsAddress> {
  const address = options.address ?? '10.43.0.10';
  const link = options.linkName ?? 'mk8s-dns';
  if (link.length > 15) throw new RangeError(`Link name "${link}" is longer than 15 characters`);
  const exists = await ip(['link', 'show', 'dev', link], false);
  let created = exists.exitCode === 0;
  if (!created) {
    const add = await ip(['link', 'add', link, 'type', 'dummy'], false);
    created = add.exitCode === 0;
    if (!created && !/Unknown device type|not supported/i.test(add.stderr)) throw ipError('create the DNS link', add);
  }
  if (created) {
    await ip(['link', 'set', link, 'up']);
    await replaceAddress(address, link, undefined);
    return { address, mode: 'dummy', device: link };
  }
  const label = loopbackLabel(link);
  await replaceAddress(address, 'lo', label);
  return { address, mode: 'loopback', device: label };
}

/** Removes what ensureDnsAddress added (by the names it used); quiet when nothing is there. */
export async function removeDnsAddress(options: DnsAddressOptions = {}): Promise<void> {
  const link = options.linkName ?? 'mk8s-dns';
  if ((await ip(['link', 'show', 'dev', link], false)).exitCode === 0) await ip(['link', 'del', link]);
  const label = loopbackLabel(link);
  const shown = await ip(['-o', '-4', 'addr', 'show', 'dev', 'lo', 'label', label], false);
  for (const m of shown.stdout.matchAll(/inet (\S+)/g)) await ip(['addr', 'del', m[1]!, 'dev', 'lo', 'label', label]);
}

/** `lo:<name>` within the 15-character limit of address labels. */
function loopbackLabel(link: string): string {
  return `lo:${link}`.slice(0, 15);
}

async function replaceAddress(address: string, dev: string, label: string | undefined): Promise<void> {
  await ip(['addr', 'replace', `${address}/32`, 'dev', dev, ...(label ? ['label', label] : []), 'scope', 'global']);
}

interface IpResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  command: string;
}

async function ip(args: string[], check = true): Promise<IpResult> {
  const r = await execa('ip', args, { reject: false, timeout: 10_000 });
  const out = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), command: `ip ${args.join(' ')}` };
  if (check && out.exitCode !== 0) throw ipError('configure the DNS address', out);
  return out;
}

function ipError(what: string, r: IpResult): Error {
  return new Error(`Cannot ${what}: "${r.command}" exited ${r.exitCode}: ${r.stderr.trim()}`);
}
