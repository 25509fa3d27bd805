/** Reading a certificate's subject alternative names and checking they cover a wanted set. */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface SanSet {
  dnsNames: string[];
  ipAddresses: string[];
}

/** Canonical text of an IP: IPv4 unchanged, IPv6 as eight lower-case hex groups without leading zeros. */
export function canonicalIp(ip: string): string {
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) throw new TypeError(`Not an IP address: "${ip}"`);
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** The DNS names and IPs of a certificate's subjectAltName extension. */
export function readSans(cert: X509Certificate): SanSet {
  const sans: SanSet = { dnsNames: [], ipAddresses: [] };
  for (const entry of (cert.subjectAltName ?? '').split(/,\s*/)) {
    if (entry.startsWith('DNS:')) sans.dnsNames.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) sans.ipAddresses.push(canonicalIp(entry.slice(11)));
  }
  return sans;
}

/** Names of `wanted` that `have` lacks (DNS names compared case-insensitively, IPs canonically). */
export function missingSans(have: SanSet, wanted: SanSet): string[] {
  const dns = new Set(have.dnsNames.map((n) => n.toLowerCase()));
  const ips = new Set(have.ipAddresses.map(canonicalIp));
  return [
    ...wanted.dnsNames.filter((n) => !dns.has(n.toLowerCase())),
    ...wanted.ipAddresses.filter((ip) => !ips.has(canonicalIp(ip))),
  ];
}

/** Splits mixed names (e.g. `--tls-san` values) into DNS names and IPs, without duplicates. */
export function splitSans(names: readonly string[]): SanSet {
  const dnsNames = new Set<string>();
  const ipAddresses = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().replace(/^\[(.*)\]$/, '$1');
    if (name === '') continue;
    if (isIP(name) !== 0) ipAddresses.add(name);
    else dnsNames.add(name.toLowerCase());
  }
  return { dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] };
}
