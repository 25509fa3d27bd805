import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { startTestAgent } from '../../agent/streaming/helpers/start-agent.js';
import { startHarness } from './helpers/kube-harness.js';

const agent = await startTestAgent(t);
const logPath = join(agent.dir, 'main.log');
const previousLogPath = join(agent.dir, 'main.0.log');
await writeFile(logPath, 'one\ntwo\nthree\n');
await writeFile(previousLogPath, 'old attempt\n');
const main = { containerId: 'c1', logPath, previousLogPath, podIp: '127.0.0.1', running: true };
agent.pods.set('default/p1', new Map([['main', main], ['side', { containerId: 'c2', logPath: join(agent.dir, 'none.log'), podIp: '127.0.0.1' }]]));
const h = await startHarness(t, agent);

for (const minor of [27, 33]) {
  t.test(`kubectl 1.${minor} logs, --tail, --previous, --timestamps, --limit-bytes`, async (t) => {
    const all = h.kubectl(minor, ['logs', 'p1', '-c', 'main']);
    t.equal(await all.exit, 0, all.stderr());
    t.equal(all.stdout(), 'one\ntwo\nthree\n');
    const tail = h.kubectl(minor, ['logs', 'p1', '-c', 'main', '--tail=2']);
    await tail.exit;
    t.equal(tail.stdout(), 'two\nthree\n');
    const prev = h.kubectl(minor, ['logs', 'p1', '-c', 'main', '--previous']);
    await prev.exit;
    t.equal(prev.stdout(), 'old attempt\n');
    const ts = h.kubectl(minor, ['logs', 'p1', '-c', 'main', '--timestamps']);
    await ts.exit;
    t.match(ts.stdout(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z one\n/);
    const limited = h.kubectl(minor, ['logs', 'p1', '-c', 'main', '--limit-bytes=5']);
    await limited.exit;
    t.equal(limited.stdout(), 'one\nt');
    const since = h.kubectl(minor, ['logs', 'p1', '-c', 'main', '--since=1h']);
    await since.exit;
    t.equal(since.stdout(), 'one\ntwo\nthree\n');
  });
}

t.test('--previous without a previous attempt is a 400', async (t) => {
  const run = h.kubectl(33, ['logs', 'p1', '-c', 'side', '--previous']);
  t.not(await run.exit, 0);
  t.match(run.stderr(), /previous terminated container "side" in pod "p1" not found/);
});

t.test('kubectl 1.33 logs -f streams appended lines and ends when the container is gone', async (t) => {
  const run = h.kubectl(33, ['logs', '-f', 'p1', '-c', 'main', '--tail=1']);
  await new Promise<void>((resolve) => run.child.stdout!.on('data', () => run.stdout().includes('three\n') && resolve()));
  await appendFile(logPath, 'four\n');
  await new Promise<void>((resolve) => run.child.stdout!.on('data', () => run.stdout().includes('four\n') && resolve()));
  main.running = false;
  t.equal(await run.exit, 0, run.stderr());
  t.equal(run.stdout(), 'three\nfour\n');
});
