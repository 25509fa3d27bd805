import t from 'tap';
import { existsSync, statSync } from 'node:fs';
import { freshSqlite, range } from './helpers.js';

// Its own file: 50,000 real transactions take several seconds.
t.test('50,000 updates over 100 keys with retainRevisions 1000 leave a small file', async (t) => {
  const { store: s, path } = freshSqlite(t, { retainRevisions: 1000, compactIntervalMs: 200 });
  const value = (i: number): string => JSON.stringify({ kind: 'ConfigMap', metadata: { name: `cm-${i % 100}`, namespace: 'default' }, data: { n: String(i), pad: 'x'.repeat(150) } });
  for (const k of range(0, 99)) await s.create(`/configmaps/default/cm-${k}`, value(k));
  for (const i of range(100, 50_099)) {
    const r = await s.update(`/configmaps/default/cm-${i % 100}`, value(i), 0);
    if (!r.ok) throw new Error(`update ${i}: ${r.failure}`);
    if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const rev = await s.currentRevision();
  t.equal(rev, 50_100);
  await s.compact();
  t.equal(s.compactedRevision(), rev - 1000);
  t.equal(s.eventCount(), 1000);
  const wal = `${path}-wal`;
  const bytes = statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0);
  t.ok(bytes < 4 * 1024 * 1024, `database + WAL is ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  t.equal((await s.list('/configmaps/')).items.length, 100);
});

