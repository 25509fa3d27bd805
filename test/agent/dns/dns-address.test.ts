import t from 'tap';
import { execFileSync } from 'node:child_process';
import { ensureDnsAddress, removeDnsAddress } from '../../../src/agent/dns/dns-address.js';
import { startClusterDns } from '../../../src/agent/dns/index.js';
import { RecordType } from '../../../src/agent/dns/dns-types.js';
import { createLogger } from '../../../src/log.js';
import { digTcp, digUdp, fixtureIndex, query } from './dns-test-client.js';

const canAdmin = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['-o', 'addr', 'show', 'dev', 'lo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// A test-only address (RFC 2544 benchmarking range) and link name, unique to this run.
const suffix = process.pid % 10000;
const address = `198.18.${Math.floor(suffix / 100)}.${(suffix % 100) + 1}`;
const linkName = `mk8sdt${suffix}`;

t.test('the DNS address is added, served, and removed by name', { skip: canAdmin ? false : 'needs root and iproute2' }, async (t) => {
  t.teardown(() => removeDnsAddress({ linkName }));
  const placed = await ensureDnsAddress({ address, linkName });
  t.equal(placed.address, address);
  t.ok(['dummy', 'loopback'].includes(placed.mode), `mode ${placed.mode} on ${placed.device}`);
  t.same(await ensureDnsAddress({ address, linkName }), placed, 'idempotent');
  t.match(execFileSync('ip', ['-o', '-4', 'addr', 'show']).toString(), ` ${address}/32 `);
  const dns = await startClusterDns({ listen: [{ host: address, port: 0 }], upstreams: [], index: fixtureIndex(), log: createLogger({ level: 'error' }) });
  t.teardown(() => dns.close());
  const port = dns.addresses[0]!.port;
  t.same((await digUdp(port, query('web.default.svc.cluster.local', RecordType.A), address)).reply.answers.map((a) => a.data), ['10.43.0.20']);
  t.same((await digTcp(port, query('web.default.svc.cluster.local', RecordType.A), address)).reply.answers.map((a) => a.data), ['10.43.0.20']);
  await dns.close();
  await removeDnsAddress({ linkName });
  t.notMatch(execFileSync('ip', ['-o', '-4', 'addr', 'show']).toString(), ` ${address}/32 `);
  await removeDnsAddress({ linkName });
  t.pass('removing twice is quiet');
});
