import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function sh(file, args) {
  try {
    await run(file, args, { timeout: 20_000 });
  } catch (err) {
    throw new Error(`${file} ${args.join(' ')}: ${String(err.stderr ?? err.message).trim()}`);
  }
}

/** `[file, args]` running `file args` in network namespace `netns` only (nsenter execs it: the pid is the program's). */
export function inNetns(netns, file, args) {
  return ['nsenter', [`--net=/var/run/netns/${netns}`, file, ...args]];
}

/**
 * Several "machines" on one network: `count` network namespaces (`mk8s-bench-<hex>-<i>`, eth0
 * 172.31.N.(i+2)/24, default route via 172.31.N.1) plugged into a switch, and the host on the
 * same network as 172.31.N.1 (the server listens there). Unlike test/e2e/helpers/netns-node.ts
 * the switch is a bridge in a namespace of its own (`mk8s-bench-<hex>-lan`, bridge netfilter
 * off), not on the host: node-to-node traffic then never passes the host's bridge netfilter and
 * conntrack table, which every other user of this machine shares and a benchmark opening
 * thousands of connections a second would fill. `remove()` deletes the namespaces (and so every
 * veth pair); it never throws and can run more than once.
 */
export async function createLan(count) {
  const hex = randomBytes(3).toString('hex');
  // A 172.31.N.0/24 no interface of this host uses yet (other tests build LANs the same way).
  const used = (await run('ip', ['-o', '-4', 'addr', 'show'])).stdout;
  let n = 1 + (parseInt(hex, 16) % 254);
  for (let tries = 0; used.includes(` 172.31.${n}.`) && tries < 254; tries++) n = 1 + (n % 254);
  const switchNs = `mk8s-bench-${hex}-lan`;
  const hostIf = `mk8sh${hex}`;
  const hostIp = `172.31.${n}.1`;
  const nodes = [];
  const made = [];
  const lan = {
    hostIp,
    switchNetns: switchNs,
    nodes,
    async remove() {
      for (const netns of made.splice(0).reverse()) await run('ip', ['netns', 'delete', netns]).catch(() => undefined);
      nodes.splice(0);
      await run('ip', ['link', 'delete', hostIf]).catch(() => undefined); // gone with the switch namespace, normally
    },
  };
  try {
    const inSwitch = (args) => sh('ip', ['netns', 'exec', switchNs, ...args]);
    await sh('ip', ['netns', 'add', switchNs]);
    made.push(switchNs);
    await inSwitch(['ip', 'link', 'set', 'lo', 'up']);
    await inSwitch(['ip', 'link', 'add', 'br0', 'type', 'bridge']);
    await inSwitch(['ip', 'link', 'set', 'br0', 'up']);
    for (const family of ['iptables', 'ip6tables', 'arptables']) await inSwitch(['sysctl', '-qw', `net.bridge.bridge-nf-call-${family}=0`]);
    const plug = async (ifName, port) => {
      // `ifName` (on the host) gets a peer `port` inside the switch namespace, attached to br0.
      await sh('ip', ['link', 'add', ifName, 'type', 'veth', 'peer', 'name', port, 'netns', switchNs]);
      await inSwitch(['ip', 'link', 'set', port, 'master', 'br0']);
      await inSwitch(['ip', 'link', 'set', port, 'up']);
    };
    await plug(hostIf, 'host');
    await sh('ip', ['addr', 'add', `${hostIp}/24`, 'dev', hostIf]);
    await sh('ip', ['link', 'set', hostIf, 'up']);
    for (let i = 0; i < count; i++) {
      const netns = `mk8s-bench-${hex}-${i}`;
      const nodeIp = `172.31.${n}.${i + 2}`;
      const tmpIf = `mk8sn${hex}${i}`;
      await sh('ip', ['netns', 'add', netns]);
      made.push(netns);
      nodes.push({ netns, nodeIp, command: (file, args) => inNetns(netns, file, args) });
      await plug(tmpIf, `node${i}`);
      await sh('ip', ['link', 'set', tmpIf, 'netns', netns]);
      const ns = (args) => sh('ip', ['netns', 'exec', netns, ...args]);
      await ns(['ip', 'link', 'set', 'lo', 'up']);
      await ns(['ip', 'link', 'set', tmpIf, 'name', 'eth0']);
      await ns(['ip', 'addr', 'add', `${nodeIp}/24`, 'dev', 'eth0']);
      await ns(['ip', 'link', 'set', 'eth0', 'up']);
      await ns(['ip', 'route', 'add', 'default', 'via', hostIp]);
    }
  } catch (err) {
    await lan.remove();
    throw err;
  }
  return lan;
}
