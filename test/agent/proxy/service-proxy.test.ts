import t from 'tap';
import { startServiceProxy } from '../../../src/agent/proxy/service-proxy.js';
import type { IptablesRunner } from '../../../src/agent/proxy/iptables-runner.js';
import { createLogger } from '../../../src/log.js';
import { FakeListWatchClient } from './fake-client.js';
import { applyRestore, emptyTables, savedText } from './restore-model.js';

const SVCS = '/api/v1/services';
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices';
const log = createLogger({ level: 'error' });

/** Records restores; `next()` resolves with the next one. */
class RecordingRunner implements IptablesRunner {
  restores: string[] = [];
  saves = 0;
  saved = { nat: '*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n', filter: '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' };
  fail = 0;
  #waiters: ((text: string) => void)[] = [];
  async save(table: 'nat' | 'filter'): Promise<string> {
    this.saves += 1;
    return this.saved[table];
  }
  async restore(text: string): Promise<void> {
    if (this.fail > 0) {
      this.fail -= 1;
      throw new Error('iptables-restore: line 3 failed');
    }
    this.restores.push(text);
    for (const w of this.#waiters.splice(0)) w(text);
  }
  next(): Promise<string> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

const service = (name: string, clusterIP: string) => ({ metadata: { namespace: 'ns', name }, spec: { type: 'ClusterIP', clusterIP, ports: [{ port: 80, protocol: 'TCP' }] } });
const slice = (svc: string, ips: string[], ready = true) => ({
  metadata: { namespace: 'ns', name: `${svc}-x`, labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4', ports: [{ port: 8080, protocol: 'TCP' }], endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready } })),
});

t.test('first sync inspects the tables once, installs the jumps, then one restore per change', async (t) => {
  const client = new FakeListWatchClient();
  client.put(SVCS, service('web', '10.43.0.5'));
  client.put(SLICES, slice('web', ['10.42.0.5']));
  const runner = new RecordingRunner();
  runner.saved.nat = '*nat\n:MK8S-SVC-GONE - [0:0]\n-A PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES\nCOMMIT\n';
  const proxy = startServiceProxy({ client, log, runner, sysctls: false, debounceMs: 20 });
  t.teardown(() => proxy.stop());
  await proxy.synced;
  t.equal(runner.restores.length, 1);
  t.equal(runner.saves, 2, 'nat and filter read once');
  const first = runner.restores[0]!;
  t.match(first, '-D PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES\n-I POSTROUTING 1');
  t.match(first, '-I FORWARD 1 -m conntrack --ctstate NEW');
  t.match(first, '-X MK8S-SVC-GONE\n');
  t.match(first, 'DNAT --to-destination 10.42.0.5:8080');

  // A burst of changes: coalesced into one restore, with no jump or save work any more.
  const next = runner.next();
  const changedAt = performance.now();
  client.put(SLICES, slice('web', ['10.42.0.5', '10.42.0.6']));
  client.put(SLICES, slice('web', ['10.42.0.5', '10.42.0.6', '10.42.0.7']));
  client.put(SVCS, service('api', '10.43.0.6'));
  const second = await next;
  t.equal(runner.restores.length, 2, 'one restore for the burst');
  t.equal(runner.saves, 2);
  t.notMatch(second, /-[ID] PREROUTING/);
  t.match(second, 'DNAT --to-destination 10.42.0.7:8080');
  t.match(second, '"ns/api has no endpoints"');
  const latency = performance.now() - changedAt;
  t.ok(latency >= 20 && latency < 1000, `applied ${latency.toFixed(1)} ms after the change (debounce 20 ms)`);

  // The endpoint goes away: its chain is deleted in the same restore.
  const third = runner.next();
  client.put(SLICES, slice('web', ['10.42.0.5', '10.42.0.6', '10.42.0.7'], false));
  const text = await third;
  t.notMatch(text, 'DNAT');
  t.match(text, /-X MK8S-SVC-[0-9A-F]{16}\n/);
  t.match(text, /-X MK8S-SEP-[0-9A-F]{16}\n/);
  t.match(text, '"ns/web has no endpoints"');
});

t.test('syncNow forces a restore; 410 re-lists; failures retry and re-inspect the tables', async (t) => {
  const client = new FakeListWatchClient();
  client.put(SVCS, service('web', '10.43.0.5'));
  const runner = new RecordingRunner();
  const proxy = startServiceProxy({ client, log, runner, sysctls: false, debounceMs: 5 });
  t.teardown(() => proxy.stop());
  await proxy.synced;
  await client.watching(2);
  client.put(SVCS, { ...service('web', '10.43.0.5'), metadata: { namespace: 'ns', name: 'web', labels: { a: 'b' } } });
  await proxy.syncNow();
  t.equal(runner.restores.length, 2, 'syncNow forces a restore');
  client.expire();
  await client.watching(2);
  runner.fail = 1;
  const applied = runner.next();
  client.put(SLICES, slice('web', ['10.42.0.9']));
  t.match(await applied, 'DNAT --to-destination 10.42.0.9:8080', 'applied after a failed attempt');
  t.equal(proxy.stats().failures, 1);
  t.equal(runner.saves, 4, 'tables read again after the failure');
});

/** Restores change a model of the tables and saves print it: the read-back check sees what was written. */
class ModelRunner implements IptablesRunner {
  tables = emptyTables();
  restores: string[] = [];
  saves = 0;
  #waiters: (() => void)[] = [];
  async save(table: 'nat' | 'filter'): Promise<string> {
    this.saves += 1;
    this.#wake();
    return savedText(this.tables, table);
  }
  async restore(text: string): Promise<void> {
    applyRestore(this.tables, text);
    this.restores.push(text);
    this.#wake();
  }
  /** Resolves once `done()` holds, checked after every save and restore. */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

t.test('an endpoint change rewrites only that service\'s chains; a read-back rewrites all only when the tables changed', async (t) => {
  const client = new FakeListWatchClient();
  for (const [name, ip] of [['web', '10.43.0.5'], ['api', '10.43.0.6']] as const) client.put(SVCS, service(name, ip));
  client.put(SLICES, slice('web', ['10.42.0.5', '10.42.0.6']));
  client.put(SLICES, slice('api', ['10.42.0.7']));
  const runner = new ModelRunner();
  const proxy = startServiceProxy({ client, log, runner, sysctls: false, debounceMs: 5, resyncIntervalMs: 30 });
  t.teardown(() => proxy.stop());
  const keepAlive = setInterval(() => {}, 1000); // the proxy's resync timer is unref'd
  t.teardown(() => clearInterval(keepAlive));
  await proxy.synced;
  t.match(proxy.stats(), { syncs: 1, fullSyncs: 1 });

  client.put(SLICES, slice('web', ['10.42.0.5']));
  await runner.until(() => runner.restores.length === 2);
  const partial = runner.restores[1]!;
  t.same(partial.split('\n').filter((l) => l.startsWith(':')).length, 2, 'declares the service chain and the gone endpoint chain only');
  t.notMatch(partial, ':MK8S-SERVICES', 'the top-level chain is left alone');
  t.notMatch(partial, '10.42.0.7', 'the other service is left alone');
  t.match(proxy.stats(), { syncs: 2, fullSyncs: 1, lastChainsWritten: 1 });

  // Two read-backs of untouched tables: nothing rewritten.
  const saves = runner.saves;
  await runner.until(() => runner.saves >= saves + 4);
  t.equal(runner.restores.length, 2, 'untouched tables: no restore');

  // Someone flushes a mk8s chain: the next read-back notices and rewrites everything.
  const svcChain = [...runner.tables.nat.keys()].find((c) => c.startsWith('MK8S-SVC-') && runner.tables.nat.get(c)!.some((r) => r.includes('10.42.0.7')))!;
  runner.tables.nat.set(svcChain, []);
  await runner.until(() => runner.restores.length === 3);
  t.match(runner.restores[2]!, ':MK8S-SERVICES - [0:0]', 'a full rewrite');
  t.ok(runner.tables.nat.get(svcChain)!.length > 0, 'the flushed chain has its rules again');
  t.match(proxy.stats(), { syncs: 3, fullSyncs: 2 });
});
