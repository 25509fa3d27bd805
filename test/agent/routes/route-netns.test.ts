/** Route sync against a real `ip`, inside a throwaway network namespace. */
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRouteSync, createIpRunner, cleanupRoutes } from '../../../src/agent/routes/index.js';
import { createLogger } from '../../../src/log.js';
import { FakeListWatchClient } from '../proxy/fake-client.js';
import { addNetns, deleteNetns, ip, netnsName } from '../proxy/netns.js';

const NODES = '/api/v1/nodes';
const node = (name: string, podCIDR: string, address: string) => ({ metadata: { name }, spec: { podCIDR }, status: { addresses: [{ type: 'InternalIP', address }] } });

t.test('routes appear, move and go in a network namespace', async (t) => {
  const ns = netnsName('mk8s-routetest');
  const dataDir = await mkdtemp(join(tmpdir(), 'mk8s-routes-'));
  t.teardown(async () => {
    await deleteNetns(ns);
    await rm(dataDir, { recursive: true, force: true });
  });
  await addNetns(ns);
  await ip('-n', ns, 'link', 'add', 'nodes0', 'type', 'veth', 'peer', 'name', 'nodes1'); // no dummy module here: a veth pair inside the namespace
  await ip('-n', ns, 'addr', 'add', '192.168.251.1/24', 'dev', 'nodes0');
  await ip('-n', ns, 'link', 'set', 'nodes1', 'up');
  await ip('-n', ns, 'link', 'set', 'nodes0', 'up');
  const routes = async () => (await ip('-n', ns, 'route', 'show', 'proto', 'boot')).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('10.42.')).sort();

  const client = new FakeListWatchClient();
  client.put(NODES, node('me', '10.42.0.0/24', '192.168.251.1'));
  client.put(NODES, node('n2', '10.42.1.0/24', '192.168.251.2'));
  client.put(NODES, node('n3', '10.42.2.0/24', '192.168.251.3'));
  const ipRunner = createIpRunner({ netns: ns });
  const sync = startRouteSync({ client, nodeName: 'me', podCidr: '10.42.0.0/24', nodeIp: '192.168.251.1', dataDir, log: createLogger({ level: 'error' }), ip: ipRunner });
  t.teardown(() => sync.stop());
  await sync.synced;
  t.same(await routes(), ['10.42.1.0/24 via 192.168.251.2 dev nodes0', '10.42.2.0/24 via 192.168.251.3 dev nodes0']);

  await client.watching(1);
  client.put(NODES, node('n2', '10.42.1.0/24', '192.168.251.22'));
  client.remove(NODES, node('n3', '10.42.2.0/24', '192.168.251.3'));
  await sync.syncNow();
  t.same(await routes(), ['10.42.1.0/24 via 192.168.251.22 dev nodes0'], 'moved and removed');

  await ip('-n', ns, 'route', 'del', '10.42.1.0/24');
  await sync.syncNow();
  t.same(await routes(), ['10.42.1.0/24 via 192.168.251.22 dev nodes0'], 'a deleted route comes back on resync');

  sync.stop();
  t.equal(await cleanupRoutes({ dataDir, ip: ipRunner }), 1);
  t.same(await routes(), [], 'cleanup leaves no route');
});
