import t from 'tap';
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRouteSync, desiredRoutes, cleanupRoutes } from '../../../src/agent/routes/index.js';
import { createLogger } from '../../../src/log.js';
import { FakeListWatchClient } from '../proxy/fake-client.js';

const NODES = '/api/v1/nodes';
const log = createLogger({ level: 'error' });
const node = (name: string, podCIDR: string | undefined, ip: string | undefined) => ({
  metadata: { name }, spec: podCIDR ? { podCIDR } : {}, status: { addresses: ip ? [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] : [] },
});

t.test('desired routes: other nodes with a CIDR and an InternalIP', async (t) => {
  const wanted = desiredRoutes([node('me', '10.42.0.0/24', '10.0.0.1'), node('n2', '10.42.1.0/24', '10.0.0.2'), node('n3', undefined, '10.0.0.3'), node('n4', '10.42.4.0/24', undefined)], { nodeName: 'me', podCidr: '10.42.0.0/24' });
  t.same([...wanted], [['10.42.1.0/24', '10.0.0.2']]);
});

t.test('adds, changes and removes routes with a fake ip; a restart removes recorded stale ones', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk8s-routes-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const calls: string[] = [];
  let waiters: (() => void)[] = [];
  const ip = async (args: string[]) => {
    calls.push(args.join(' '));
    for (const w of waiters.splice(0)) w();
  };
  const nextCall = () => new Promise<void>((resolve) => waiters.push(resolve));
  const client = new FakeListWatchClient();
  client.put(NODES, node('me', '10.42.0.0/24', '10.0.0.1'));
  client.put(NODES, node('n2', '10.42.1.0/24', '10.0.0.2'));
  const sync = startRouteSync({ client, nodeName: 'me', podCidr: '10.42.0.0/24', nodeIp: '10.0.0.1', dataDir, log, ip });
  await sync.synced;
  t.same(calls, ['route replace 10.42.1.0/24 via 10.0.0.2']);
  t.same(JSON.parse(await readFile(join(dataDir, 'agent', 'routes.json'), 'utf8')), { routes: { '10.42.1.0/24': '10.0.0.2' } });

  await client.watching(1);
  let next = nextCall();
  client.put(NODES, node('n3', '10.42.2.0/24', '10.0.0.3'));
  await next;
  next = nextCall();
  client.put(NODES, node('n2', '10.42.1.0/24', '10.0.0.22'));
  await next;
  await sync.syncNow();
  calls.length = 0;
  next = nextCall();
  client.remove(NODES, node('n3', '10.42.2.0/24', '10.0.0.3'));
  await next;
  await sync.syncNow();
  t.same(calls, ['route del 10.42.2.0/24 via 10.0.0.3', 'route replace 10.42.1.0/24 via 10.0.0.22'], 'removed node: route deleted; syncNow re-applies the rest');
  t.same([...sync.routes()], [['10.42.1.0/24', '10.0.0.22']]);
  sync.stop();

  // A restart after n2 went away while the agent was down: the recorded route is removed.
  client.remove(NODES, node('n2', '10.42.1.0/24', '10.0.0.22'));
  calls.length = 0;
  const again = startRouteSync({ client, nodeName: 'me', podCidr: '10.42.0.0/24', dataDir, log, ip });
  t.teardown(() => again.stop());
  await again.synced;
  t.same(calls, ['route del 10.42.1.0/24 via 10.0.0.22']);
  t.same(JSON.parse(await readFile(join(dataDir, 'agent', 'routes.json'), 'utf8')), { routes: {} });
});

t.test('cleanupRoutes removes what the record lists', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk8s-routes-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await mkdir(join(dataDir, 'agent'), { recursive: true });
  await writeFile(join(dataDir, 'agent', 'routes.json'), JSON.stringify({ routes: { '10.42.7.0/24': '10.0.0.7' } }));
  const calls: string[] = [];
  t.equal(await cleanupRoutes({ dataDir, ip: async (a) => void calls.push(a.join(' ')) }), 1);
  t.same(calls, ['route del 10.42.7.0/24 via 10.0.0.7']);
  t.equal(await cleanupRoutes({ dataDir, ip: async () => undefined }), 0, 'record gone');
});
