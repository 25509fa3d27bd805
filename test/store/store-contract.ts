import type { Test } from 'tap';
import { CompactedError, type Store, type StoreEntry, type StoreEvent } from '../../src/store/index.js';
import { Collector, range } from './helpers.js';

/** Opens a fresh, empty store whose closing is registered on `t`'s teardown. */
export type OpenStore = (t: Test, options?: { retainRevisions?: number }) => Promise<Store>;

const entry = (key: string, value: string, revision: number, createRevision: number): StoreEntry => ({ key, value, revision, createRevision });

/** The behaviour every Store driver must share; run by each driver's test file. */
export function storeContract(t: Test, open: OpenStore): void {
  t.test('create, get, update, delete: one global revision, +1 per write', async (t) => {
    const s = await open(t);
    t.equal(await s.currentRevision(), 0);
    t.strictSame(await s.create('/a', 'a1'), { ok: true, revision: 1, createRevision: 1 });
    t.strictSame(await s.create('/b', 'b1'), { ok: true, revision: 2, createRevision: 2 });
    t.strictSame(await s.update('/a', 'a2', 1), { ok: true, revision: 3, createRevision: 1 });
    t.strictSame(await s.update('/a', 'a3', 0), { ok: true, revision: 4, createRevision: 1 }, 'expected revision 0 means any');
    t.strictSame(await s.get('/a'), entry('/a', 'a3', 4, 1), 'createRevision kept on update');
    t.strictSame(await s.get('/b'), entry('/b', 'b1', 2, 2));
    t.equal(await s.get('/missing'), undefined);
    t.strictSame(await s.delete('/b', 2), { ok: true, revision: 5, createRevision: 2 });
    t.equal(await s.get('/b'), undefined);
    t.strictSame(await s.create('/b', 'b2'), { ok: true, revision: 6, createRevision: 6 }, 'a re-created key starts a new life');
    t.strictSame(await s.delete('/b', 0), { ok: true, revision: 7, createRevision: 6 });
    t.equal(await s.currentRevision(), 7);
  });

  t.test('entries handed out are copies', async (t) => {
    const s = await open(t);
    await s.create('/a', 'a1');
    const got = (await s.get('/a'))!;
    got.value = 'mutated';
    const listed = (await s.list('/')).items[0];
    listed.revision = 99;
    t.strictSame(await s.get('/a'), entry('/a', 'a1', 1, 1));
  });

  t.test('list: prefix, byte order, limit, after, more, revision', async (t) => {
    const s = await open(t);
    const keys = ['/pods/ns1/b', '/pods/ns1/a', '/pods/ns10/z', '/pods/ns1/C', '/pods/ns2/a', '/services/ns1/x', '/pods/ns1/c'];
    for (const k of keys) await s.create(k, `v${k}`);
    await s.update('/pods/ns1/a', 'a2', 0);
    const rev = await s.currentRevision();
    t.equal(rev, 8);

    const ns1 = await s.list('/pods/ns1/');
    t.strictSame(ns1.items.map((e) => e.key), ['/pods/ns1/C', '/pods/ns1/a', '/pods/ns1/b', '/pods/ns1/c'], 'bytewise order, prefix is not a substring match');
    t.strictSame(ns1.items[1], entry('/pods/ns1/a', 'a2', 8, 2));
    t.equal(ns1.revision, 8);
    t.equal(ns1.more, false);

    t.strictSame((await s.list('/pods/')).items.map((e) => e.key), ['/pods/ns1/C', '/pods/ns1/a', '/pods/ns1/b', '/pods/ns1/c', '/pods/ns10/z', '/pods/ns2/a']);
    t.equal((await s.list('')).items.length, 7);
    t.strictSame(await s.list('/nothing/'), { items: [], revision: 8, more: false });

    const p1 = await s.list('/pods/', { limit: 2 });
    t.strictSame(p1.items.map((e) => e.key), ['/pods/ns1/C', '/pods/ns1/a']);
    t.equal(p1.more, true);
    const p2 = await s.list('/pods/', { limit: 2, after: '/pods/ns1/a' });
    t.strictSame(p2.items.map((e) => e.key), ['/pods/ns1/b', '/pods/ns1/c']);
    t.equal(p2.more, true);
    const p3 = await s.list('/pods/', { limit: 2, after: '/pods/ns1/c' });
    t.strictSame(p3.items.map((e) => e.key), ['/pods/ns10/z', '/pods/ns2/a']);
    t.equal(p3.more, false, 'an exactly full last page has no more');
    t.strictSame((await s.list('/pods/', { after: '/pods/ns2/a' })).items, []);
    t.strictSame((await s.list('/pods/', { after: '/pods/ns1/bb' })).items.map((e) => e.key), ['/pods/ns1/c', '/pods/ns10/z', '/pods/ns2/a'], 'after need not be an existing key');

    // A full walk one by one sees every key once.
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await s.list('', { limit: 1, after });
      walked.push(...page.items.map((e) => e.key));
      if (!page.more) break;
      after = page.items[0].key;
    }
    t.strictSame(walked, [...keys].sort());
  });

  t.test('conflicts are results, and change nothing', async (t) => {
    const s = await open(t);
    await s.create('/a', 'a1'); // 1
    await s.update('/a', 'a2', 1); // 2
    const seen = new Collector().watch(s, '', 2);

    t.strictSame(await s.create('/a', 'x'), { ok: false, failure: 'exists', current: entry('/a', 'a2', 2, 1) });
    t.strictSame(await s.update('/a', 'x', 1), { ok: false, failure: 'conflict', current: entry('/a', 'a2', 2, 1) });
    t.strictSame(await s.delete('/a', 1), { ok: false, failure: 'conflict', current: entry('/a', 'a2', 2, 1) });
    t.strictSame(await s.update('/nope', 'x', 0), { ok: false, failure: 'not-found' });
    t.strictSame(await s.update('/nope', 'x', 2), { ok: false, failure: 'not-found' });
    t.strictSame(await s.delete('/nope', 0), { ok: false, failure: 'not-found' });

    t.equal(await s.currentRevision(), 2, 'no revision consumed');
    t.strictSame(await s.get('/a'), entry('/a', 'a2', 2, 1));
    t.equal(await s.get('/nope'), undefined);
    t.strictSame((await s.list('')).items, [entry('/a', 'a2', 2, 1)]);
    t.strictSame(seen.events, [], 'no event for a failed write');
    t.strictSame(await s.update('/a', 'a3', 2), { ok: true, revision: 3, createRevision: 1 }, 'the next write takes the next revision');
  });

  t.test('concurrent updates with the same expected revision: exactly one wins', async (t) => {
    const s = await open(t);
    await s.create('/a', 'v0');
    const results = await Promise.all(range(1, 20).map((i) => s.update('/a', `v${i}`, 1)));
    const winners = results.filter((r) => r.ok);
    t.equal(winners.length, 1);
    t.strictSame(winners[0], { ok: true, revision: 2, createRevision: 1 });
    const winnerValue = (await s.get('/a'))!.value;
    for (const r of results.filter((r) => !r.ok)) t.strictSame(r, { ok: false, failure: 'conflict', current: entry('/a', winnerValue, 2, 1) });
    t.equal(await s.currentRevision(), 2);

    const creates = await Promise.all(range(1, 10).map((i) => s.create('/b', `b${i}`)));
    t.equal(creates.filter((r) => r.ok).length, 1);
    t.equal(creates.filter((r) => !r.ok && r.failure === 'exists').length, 9);
  });

  t.test('watch from the current revision gets only later events', async (t) => {
    const s = await open(t);
    await s.create('/a', 'a1');
    await s.create('/b', 'b1');
    const w = new Collector().watch(s, '', await s.currentRevision());
    t.strictSame(w.events, []);
    await s.update('/a', 'a2', 1);
    await w.waitForRevision(3);
    t.strictSame(w.events, [{ type: 'update', key: '/a', value: 'a2', revision: 3, createRevision: 1 }]);
    w.watcher!.close();
  });

  t.test("a writer's object travels with the live event only, never in a replay", async (t) => {
    const s = await open(t);
    const w = new Collector().watch(s, '', 0);
    const created = { v: 1 };
    const updated = { v: 2 };
    await s.create('/a', '{"v":1}', created);
    await s.update('/a', '{"v":2}', 1, updated);
    await s.update('/a', '{"v":3}', 2);
    await s.delete('/a', 3);
    await w.waitForRevision(4);
    t.equal(w.events[0].object, created, 'the very object, not a copy');
    t.equal(w.events[1].object, updated);
    t.notOk('object' in w.events[2], 'no object when the writer gave none');
    t.notOk('object' in w.events[3]);
    w.watcher!.close();
    const replay = new Collector().watch(s, '', 0);
    await replay.waitForRevision(4);
    t.strictSame(replay.events.map((e) => 'object' in e), [false, false, false, false], 'a replay carries values only');
    replay.watcher!.close();
  });

  t.test('watch from an older revision: backlog, then live, in order, no gap, no duplicate', async (t) => {
    const s = await open(t);
    for (const i of range(1, 10)) await s.create(`/k/${i}`, `v${i}`);
    const w = new Collector().watch(s, '', 3);
    t.strictSame(w.revisions, range(4, 10), 'backlog strictly after the start revision');
    await s.update('/k/1', 'x', 0);
    await s.delete('/k/2', 0);
    await w.waitForRevision(12);
    t.strictSame(w.revisions, range(4, 12));
    t.strictSame(w.events[0], { type: 'create', key: '/k/4', value: 'v4', revision: 4, createRevision: 4 });
    t.strictSame(w.events.at(-1), { type: 'delete', key: '/k/2', value: 'v2', revision: 12, createRevision: 2 });
    const all = new Collector().watch(s, '', 0);
    t.strictSame(all.revisions, range(1, 12), 'from 0: the whole history');
  });

  t.test('a write made while the backlog is being replayed is delivered once, after it', async (t) => {
    const s = await open(t);
    for (const i of range(1, 5)) await s.create(`/k/${i}`, `v${i}`);
    let wrote = false;
    const writes: Promise<unknown>[] = [];
    const w = new Collector().watch(s, '', 0, () => {
      if (wrote) return;
      wrote = true;
      writes.push(s.create('/k/during', 'd'), s.update('/k/1', 'x', 0));
    });
    await Promise.all(writes);
    await s.create('/k/after', 'a');
    await w.waitForRevision(8);
    t.strictSame(w.revisions, range(1, 8));
    t.strictSame(w.events.map((e) => e.key).slice(5), ['/k/during', '/k/1', '/k/after']);
  });

  t.test('a write made from a handler reaches every watcher in revision order', async (t) => {
    const s = await open(t);
    await s.create('/k/a', 'a');
    let reacted = false;
    const first = new Collector().watch(s, '', 1, (events) => {
      if (reacted || events[0].revision !== 2) return;
      reacted = true;
      void s.update('/k/a', 'reaction', 0);
    });
    const second = new Collector().watch(s, '', 1);
    await s.create('/k/b', 'b');
    await first.waitForRevision(3);
    await second.waitForRevision(3);
    t.strictSame(first.revisions, [2, 3]);
    t.strictSame(second.revisions, [2, 3], 'the second watcher does not see 3 before 2');
  });

  t.test('watch filters by prefix', async (t) => {
    const s = await open(t);
    await s.create('/pods/ns1/a', 'x'); // 1
    const ns1 = new Collector().watch(s, '/pods/ns1/', 0);
    const pods = new Collector().watch(s, '/pods/', 0);
    await s.create('/pods/ns10/a', 'x'); // 2
    await s.create('/services/ns1/a', 'x'); // 3
    await s.create('/pods/ns1/b', 'x'); // 4
    await s.delete('/pods/ns10/a', 0); // 5
    await pods.waitForRevision(5);
    t.strictSame(ns1.revisions, [1, 4]);
    t.strictSame(pods.revisions, [1, 2, 4, 5]);
    t.strictSame(new Collector().watch(s, '/pods/ns10/', 0).revisions, [2, 5], 'replay filters too');
  });

  t.test('delete events carry the last value', async (t) => {
    const s = await open(t);
    await s.create('/a', 'first');
    await s.update('/a', 'last', 1);
    const w = new Collector().watch(s, '', 2);
    t.strictSame(await s.delete('/a', 2), { ok: true, revision: 3, createRevision: 1 });
    await w.waitForRevision(3);
    t.strictSame(w.events, [{ type: 'delete', key: '/a', value: 'last', revision: 3, createRevision: 1 }]);
  });

  t.test('a handler that throws is closed and told; the others carry on', async (t) => {
    const s = await open(t);
    const boom = new Error('handler failed');
    let calls = 0;
    const errors: Error[] = [];
    s.watch('', 0, {
      onEvents: () => {
        calls++;
        throw boom;
      },
      onError: (e) => errors.push(e),
    });
    const good = new Collector().watch(s, '', 0);
    await s.create('/a', '1');
    await s.create('/b', '2');
    await good.waitForRevision(2);
    t.equal(calls, 1, 'no delivery after the throw');
    t.strictSame(errors, [boom]);
    t.strictSame(good.revisions, [1, 2]);
    t.strictSame(good.errors, []);
  });

  t.test('a handler that throws during the replay is closed and told', async (t) => {
    const s = await open(t);
    await s.create('/a', '1');
    const boom = new Error('replay failed');
    let calls = 0;
    const errors: Error[] = [];
    s.watch('', 0, {
      onEvents: () => {
        calls++;
        throw boom;
      },
      onError: (e) => errors.push(e),
    });
    await s.create('/b', '2');
    t.equal(calls, 1);
    t.strictSame(errors, [boom]);
  });

  t.test('close() stops delivery', async (t) => {
    const s = await open(t);
    const w = new Collector().watch(s, '', 0);
    const other = new Collector().watch(s, '', 0);
    await s.create('/a', '1');
    await w.waitForRevision(1);
    w.watcher!.close();
    w.watcher!.close(); // idempotent
    await s.create('/b', '2');
    await other.waitForRevision(2);
    t.strictSame(w.revisions, [1]);
    t.strictSame(other.revisions, [1, 2]);
  });

  t.test('compaction', async (t) => {
    const s = await open(t);
    for (const i of range(1, 6)) await s.create(`/k/${i}`, `v${i}`);
    for (const i of range(1, 4)) await s.update(`/k/${i}`, `w${i}`, 0);
    await s.delete('/k/6', 0); // revision 11
    const before = await s.list('');
    t.equal(s.compactedRevision(), 0);

    t.strictSame(await s.compact(5), { removed: 5, compactedRevision: 5 });
    t.equal(s.compactedRevision(), 5);
    t.strictSame(await s.list(''), before, 'the current state is untouched');
    t.strictSame(await s.get('/k/1'), entry('/k/1', 'w1', 7, 1));

    const err = t.throws(() => s.watch('', 4, { onEvents: () => t.fail('no events expected') })) as unknown;
    t.ok(err instanceof CompactedError, 'CompactedError');
    t.equal((err as CompactedError).message, 'too old resource version: 4 (5)');
    t.equal((err as CompactedError).requested, 4);
    t.equal((err as CompactedError).compacted, 5);
    t.throws(() => s.watch('/k/', 0, { onEvents: () => {} }), CompactedError, 'from 0 too');

    t.strictSame(new Collector().watch(s, '', 5).revisions, range(6, 11), 'from the compacted revision: everything after it');
    t.strictSame(new Collector().watch(s, '', 8).revisions, range(9, 11));

    t.strictSame(await s.compact(3), { removed: 0, compactedRevision: 5 }, 'never goes back');
    t.equal(s.compactedRevision(), 5);
    t.strictSame(await s.compact(1000), { removed: 6, compactedRevision: 11 }, 'clamped to the current revision');
    const live = new Collector().watch(s, '', 11);
    await s.create('/k/new', 'n');
    await live.waitForRevision(12);
    t.strictSame(live.revisions, [12]);
    t.strictSame(await s.list('/k/1'), { items: [entry('/k/1', 'w1', 7, 1)], revision: 12, more: false });
    t.equal(await s.currentRevision(), 12);
  });

  t.test('compact() without a revision keeps the retained window', async (t) => {
    const s = await open(t, { retainRevisions: 10 });
    for (const i of range(1, 15)) await s.create(`/k/${i}`, 'v');
    t.strictSame(await s.compact(), { removed: 5, compactedRevision: 5 });
    t.strictSame(new Collector().watch(s, '', 5).revisions, range(6, 15));
  });

  t.test('compaction while a watcher is live loses no event', async (t) => {
    const s = await open(t, { retainRevisions: 5 });
    const w = new Collector().watch(s, '', 0);
    const compactions: Promise<unknown>[] = [];
    for (const i of range(1, 300)) {
      await s.create(`/k/${i}`, `v${i}`);
      if (i % 7 === 0) compactions.push(s.compact(i - 3));
      if (i % 11 === 0) compactions.push(s.compact());
    }
    await Promise.all(compactions);
    await w.waitForRevision(300);
    t.strictSame(w.revisions, range(1, 300));
    t.strictSame(w.errors, []);
    t.ok(s.compactedRevision() >= 290, `compacted to ${s.compactedRevision()}`);
    t.equal((await s.list('/k/')).items.length, 300);
  });
}
