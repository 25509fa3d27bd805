import t from 'tap';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite, range, tempDir } from './helpers.js';

t.test('every acknowledged write survives SIGKILL', async (t) => {
  // Registered first so that it runs before the temp directory is removed.
  let child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  t.teardown(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  const path = join(tempDir(t), 'state.db');
  const fixture = fileURLToPath(new URL('./fixtures/write-keys.ts', import.meta.url));
  // Run the fixture through the same TypeScript loader tap gives this process.
  const loader = process.execArgv.filter((a) => a.includes('@tapjs/typescript'));
  t.equal(loader.length, 1, 'found the TypeScript loader tap uses');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  child = spawn(process.execPath, [...loader, fixture, path, '100000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const running = child;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => running.on('exit', (code, signal) => resolve({ code, signal })));
  exited = exit;
  let stderr = '';
  running.stderr.on('data', (d: Buffer) => (stderr += d));
  let killed = false;
  let buffered = '';
  const acked: { revision: number; key: string }[] = [];
  running.stdout.on('data', (d: Buffer) => {
    buffered += d;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const [revision, key] = line.split(' ');
      acked.push({ revision: Number(revision), key });
    }
    if (acked.length >= 2000 && !killed) killed = running.kill('SIGKILL');
  });
  const { code, signal } = await exit;
  t.equal(signal, 'SIGKILL', `killed mid-stream (exit code ${code}, stderr: ${stderr})`);
  t.ok(acked.length >= 2000, `${acked.length} writes acknowledged`);
  t.strictSame(acked.map((a) => a.revision), range(1, acked.length), 'acknowledgements in order');

  const s = openSqlite(t, path);
  const last = acked.at(-1)!.revision;
  t.ok((await s.currentRevision()) >= last, `revision ${await s.currentRevision()} covers ${last}`);
  const stored = new Map((await s.list('/k/')).items.map((e) => [e.key, e.revision]));
  const missing = acked.filter((a) => stored.get(a.key) !== a.revision);
  t.strictSame(missing, [], 'every acknowledged write is present at its revision');
});
