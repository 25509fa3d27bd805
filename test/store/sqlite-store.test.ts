import t from 'tap';
import { CompactedError } from '../../src/store/index.js';
import { Collector, freshSqlite, openSqlite, range, until } from './helpers.js';
import { storeContract } from './store-contract.js';

t.test('contract', async (t) => {
  storeContract(t, async (t, options = {}) => freshSqlite(t, options).store);
});

t.test('restart: objects, revision and compacted revision come back', async (t) => {
  const { store: s, path } = freshSqlite(t);
  for (const i of range(1, 10)) await s.create(`/k/${i}`, `v${i}`);
  await s.update('/k/1', 'w1', 1);
  await s.delete('/k/2', 2); // revision 12
  t.strictSame(await s.compact(6), { removed: 6, compactedRevision: 6 });
  const list = await s.list('');
  await s.close();

  const again = openSqlite(t, path);
  t.equal(await again.currentRevision(), 12);
  t.equal(again.compactedRevision(), 6);
  t.strictSame(await again.list(''), list);
  t.strictSame(await again.get('/k/1'), { key: '/k/1', value: 'w1', revision: 11, createRevision: 1 });
  t.throws(() => again.watch('', 5, { onEvents: () => {} }), new CompactedError(5, 6));
  const w = new Collector().watch(again, '', 6);
  t.strictSame(w.revisions, range(7, 12), 'the event log survived too');
  t.strictSame(w.events.at(-1), { type: 'delete', key: '/k/2', value: 'v2', revision: 12, createRevision: 2 });
  t.strictSame(await again.create('/k/new', 'n'), { ok: true, revision: 13, createRevision: 13 });
  await w.waitForRevision(13);
  t.strictSame(w.revisions, range(7, 13));
});

t.test('writes after close are refused, close is idempotent', async (t) => {
  const { store: s } = freshSqlite(t);
  await s.close();
  await s.close();
  await t.rejects(s.create('/a', 'x'), { message: 'store is closed' });
});

t.test('background compaction keeps the event log bounded under a stream of writes', async (t) => {
  const errors: Error[] = [];
  const { store: s } = freshSqlite(t, { retainRevisions: 50, compactBatch: 100, compactIntervalMs: 5, onBackgroundError: (e) => errors.push(e) });
  let peak = 0;
  for (const k of range(0, 9)) await s.create(`/k/${k}`, 'v');
  for (const i of range(11, 3000)) {
    await s.update(`/k/${i % 10}`, `v${i}`, 0);
    if (i % 50 === 0) {
      peak = Math.max(peak, s.eventCount());
      await new Promise((resolve) => setImmediate(resolve)); // let I/O and timers run, as a server's writes would
    }
  }
  const rev = await s.currentRevision();
  await until(() => s.eventCount() === 50, 'the event log to shrink to the retained window');
  t.equal(s.compactedRevision(), rev - 50);
  t.ok(peak < 1000, `the log stayed bounded while writing (peak ${peak} events)`);
  t.strictSame(errors, []);
  t.strictSame(new Collector().watch(s, '', rev - 50).revisions, range(rev - 49, rev));
});


t.test('a backlog longer than one replay page arrives whole, with a write made during it', async (t) => {
  const { store: s } = freshSqlite(t);
  for (const i of range(1, 5100)) await s.create(`/k/${i}`, 'v');
  let wrote = false;
  const w = new Collector().watch(s, '/k/', 0, () => {
    if (!wrote) {
      wrote = true;
      void s.create('/k/during', 'd');
    }
  });
  await w.waitForRevision(5101);
  const sizes = w.batches.map((b) => b.length);
  t.equal(sizes[0], 5000, 'the first replay page is whole');
  t.equal(sizes.reduce((a, b) => a + b, 0), 5101, 'every event once: the rest of the backlog and the write made during the replay');
  t.strictSame(w.revisions, range(1, 5101));
});

t.test('a fast writer starts compaction before the timer does', async (t) => {
  const { store: s } = freshSqlite(t, { retainRevisions: 100, compactIntervalMs: 60_000 });
  for (const k of range(0, 9)) await s.create(`/k/${k}`, 'v');
  for (const i of range(10, 1009)) await s.update(`/k/${i % 10}`, `v${i}`, 0);
  await until(() => s.compactedRevision() > 0, 'a compaction without waiting for the 60 s timer');
  t.ok(s.eventCount() < 1000, `the log was trimmed (${s.eventCount()} events left of 1010)`);
});
