/** Throwaway network namespaces for proxy and route tests: created and removed by name only. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

export function netnsName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function ip(...args: string[]): Promise<string> {
  return (await execa('ip', args)).stdout;
}

export async function inNetns(ns: string, cmd: string, args: string[]): Promise<string> {
  return (await execa('ip', ['netns', 'exec', ns, cmd, ...args])).stdout;
}

export async function addNetns(name: string): Promise<void> {
  await ip('netns', 'add', name);
  await ip('-n', name, 'link', 'set', 'lo', 'up');
}

export async function deleteNetns(name: string): Promise<void> {
  await execa('ip', ['netns', 'del', name], { reject: false });
}

/** A "pod": veth `<hostIf>` in `node` with `gw/24`, `eth0` in `pod` with `addr/24` and a default route via `gw`. */
export async function linkPod(node: string, hostIf: string, pod: string, addr: string, gw: string): Promise<void> {
  await ip('-n', node, 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod);
  await ip('-n', node, 'addr', 'add', `${gw}/24`, 'dev', hostIf);
  await ip('-n', node, 'link', 'set', hostIf, 'up');
  await ip('-n', pod, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
  await ip('-n', pod, 'link', 'set', 'eth0', 'up');
  await ip('-n', pod, 'route', 'add', 'default', 'via', gw);
}

const SERVER = `
const net = require('node:net');
const server = net.createServer((s) => { s.on('error', () => {}); s.end(process.argv[1] + ' ' + s.remoteAddress + '\\n'); });
server.listen(Number(process.argv[2]), '0.0.0.0', () => console.log('listening'));
`;

/** A TCP server in `ns` answering "<name> <client address>" to every connection; resolves once it listens. */
export async function startTcpServer(ns: string, name: string, port: number): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER, name, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.on('exit', (code) => reject(new Error(`server in ${ns} exited with ${code}`)));
  });
  return child;
}

const CLIENT = `
const net = require('node:net');
const [host, port, count, timeout] = process.argv.slice(1);
const one = () => new Promise((resolve) => {
  const started = Date.now();
  const s = net.connect({ host, port: Number(port) });
  let data = '';
  s.setTimeout(Number(timeout), () => { s.destroy(); resolve({ error: 'TIMEOUT', ms: Date.now() - started }); });
  s.on('data', (d) => (data += d));
  s.on('end', () => resolve({ reply: data.trim(), ms: Date.now() - started }));
  s.on('error', (e) => resolve({ error: e.code, ms: Date.now() - started }));
});
(async () => { const out = []; for (let i = 0; i < Number(count); i++) out.push(await one()); console.log(JSON.stringify(out)); })();
`;

export interface Probe {
  reply?: string;
  error?: string;
  ms: number;
}

/** `count` fresh TCP connections from `ns` to host:port, one after the other. */
export async function probe(ns: string, host: string, port: number, count = 1, timeoutMs = 2000): Promise<Probe[]> {
  const out = await inNetns(ns, process.execPath, ['-e', CLIENT, host, String(port), String(count), String(timeoutMs)]);
  return JSON.parse(out) as Probe[];
}

/** Replies counted by server name ("A", "B") and errors by code. */
export function tally(results: Probe[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.reply ? r.reply.split(' ')[0]! : r.error!;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
