import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalCheckpointer, type CheckpointMode, type CheckpointResult } from '../../src/store/wal-checkpointer.js';

function walDb(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-wal-'));
  const path = join(dir, 'state.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 1048576');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  t.teardown(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, path };
}

t.test('checkpoints run in the worker once the threshold is crossed, and the WAL starts over', async (t) => {
  const { db, path } = walDb(t);
  const inline: CheckpointResult[] = [];
  const errors: Error[] = [];
  const ck = new WalCheckpointer({
    path,
    thresholdBytes: 256 * 1024,
    inline: (mode: CheckpointMode) => {
      const r = (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0]!;
      inline.push(r);
      return r;
    },
    onError: (e) => errors.push(e),
  });
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  const value = 'x'.repeat(2000);
  let n = 0;
  const write = (rows: number) => {
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`k${n++}`, value);
    })();
    ck.wrote(rows * 2100);
  };
  // Crossing the threshold starts a checkpoint by itself.
  write(200);
  const deadline = Date.now() + 20_000;
  while (ck.workerCheckpoints === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(ck.workerCheckpoints, 1, 'crossing the threshold ran one checkpoint in the worker');
  const first = inline[0]!;
  t.ok(first.log >= 90 && first.checkpointed === first.log && first.busy === 0, `it reached the end of the WAL: ${JSON.stringify(first)}`);
  // The next write starts the WAL over: the next checkpoint sees only the new frames.
  write(50);
  const second = await ck.checkpoint('PASSIVE');
  t.equal(ck.workerCheckpoints, 2);
  t.ok(second.log < first.log, `the WAL started over (${second.log} frames after ${first.log})`);
  t.equal(second.checkpointed, second.log, 'and was checkpointed to the end');
  t.equal(inline.length, 2, 'each worker checkpoint was finished on the store connection');
  await ck.close();
  t.same(errors, [], 'no errors');
  db.close();
  t.notOk(existsSync(`${path}-wal`), 'with the worker gone, closing the store connection removes the WAL');
  const again = new Database(path, { readonly: true });
  t.equal((again.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 250, 'every row is in the database file');
  again.close();
});

t.test('a worker that cannot open the database: the error is reported and checkpoints go inline', async (t) => {
  const { db } = walDb(t);
  const errors: Error[] = [];
  let inlineCalls = 0;
  const ck = new WalCheckpointer({
    path: join(tmpdir(), 'mk8s-no-such-dir', 'nested', 'state.db'),
    inline: (mode) => {
      inlineCalls++;
      return (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0]!;
    },
    onError: (e) => errors.push(e),
  });
  await t.rejects(ck.checkpoint('PASSIVE'), /WAL checkpoint worker|unable to open|directory/i, 'the first checkpoint fails with the worker');
  t.match(errors[0]?.message ?? '', /WAL checkpoint worker failed, checkpointing inline/, `onError says what happened: ${errors[0]?.message}`);
  const r = await ck.checkpoint('PASSIVE');
  t.equal(inlineCalls, 1, 'the next checkpoint ran inline');
  t.equal(r.busy, 0);
  await ck.close();
});

t.test('close without any checkpoint starts no worker and resolves', async (t) => {
  const { db, path } = walDb(t);
  const ck = new WalCheckpointer({ path, inline: () => ({ busy: 0, log: 0, checkpointed: 0 }) });
  ck.wrote(10);
  await ck.close();
  t.equal(ck.workerCheckpoints, 0);
  await t.rejects(ck.checkpoint('PASSIVE'), /closed/, 'no checkpoint after close');
  db.close();
});

t.test('writes wait once the WAL grew by the cap during a running checkpoint', async (t) => {
  const { db, path } = walDb(t);
  const ck = new WalCheckpointer({ path, thresholdBytes: 1024, capBytes: 4096, inline: (mode) => (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0]! });
  db.prepare('INSERT INTO t VALUES (?, ?)').run('a', 'x'.repeat(3000));
  t.notOk(ck.mustWait(), 'no checkpoint running: no waiting');
  ck.wrote(2000); // over the threshold: a checkpoint starts (the worker has to boot first)
  t.notOk(ck.mustWait(), 'running, but under the cap');
  ck.wrote(5000);
  t.ok(ck.mustWait(), 'running and over the cap: the next write waits');
  await ck.settled();
  t.notOk(ck.mustWait(), 'once it ended, writes go on');
  t.equal(ck.workerCheckpoints, 1);
  await ck.close();
});
