import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { getHeapSpaceStatistics } from 'node:v8';
import { transformSync } from 'esbuild';
import t from 'tap';
import { capYoungGeneration, runsPods } from '../src/young-generation.js';

/**
 * Allocates 3 million small objects, 200,000 of them alive at a time (many survive each
 * scavenge, which is what makes V8 grow its young generation), and returns the new-space size
 * before and the largest seen during, in bytes.
 */
function churn(stats: typeof getHeapSpaceStatistics): { before: number; max: number } {
  const size = () => stats().find((s) => s.space_name === 'new_space')!.space_size;
  const before = size();
  let keep: object[] = [];
  let max = before;
  for (let i = 0; i < 3e6; i++) {
    keep.push({ a: i, b: 'x' + i });
    if (keep.length > 200000) keep = [];
    if (i % 10000 === 0) max = Math.max(max, size());
  }
  return { before, max };
}

type Setup = 'none' | 'agent' | 'server' | 'control plane' | 'server, worker' | 'server, worker kept';

/**
 * Runs churn() in a fresh node with no loader (a TypeScript loader alone grows the young
 * generation before any test code runs), from a script file as bin/mk8s runs: the module's
 * source is compiled here and imported there as a data: URL. `setup`: what runs first
 * (capYoungGeneration() for the arguments of `mk8s agent`, `mk8s server` or `mk8s server
 * --disable-agent`, maybe then a Worker, passed to keepCapAcross() or not).
 */
function churnInChild(setup: Setup): { before: number; max: number } {
  const ts = readFileSync(new URL('../src/young-generation.ts', import.meta.url), 'utf8');
  const module = `data:text/javascript,${encodeURIComponent(transformSync(ts, { loader: 'ts', format: 'esm' }).code)}`;
  const src = [
    `import { getHeapSpaceStatistics } from 'node:v8';`,
    `import { Worker } from 'node:worker_threads';`,
    `const { capYoungGeneration, keepCapAcross } = await import(${JSON.stringify(module)});`,
    `const argv = ${JSON.stringify(setup === 'agent' ? ['agent', '--server', 'https://10.0.0.1:6443'] : setup === 'control plane' ? ['server', '--disable-agent'] : ['server'])};`,
    setup === 'none' ? '' : `if (capYoungGeneration(argv, [], '', {}) !== ${setup !== 'control plane'}) throw new Error('capYoungGeneration(' + argv.join(' ') + ')');`,
    setup.includes('worker')
      ? `const w = new Worker('setTimeout(() => {}, 60000)', { eval: true }); ${setup.endsWith('kept') ? 'keepCapAcross(w);' : ''} await new Promise((r) => w.once('online', () => setImmediate(r)));`
      : '',
    `process.stdout.write(JSON.stringify((${churn.toString()})(getHeapSpaceStatistics)));`,
    `process.exit(0);`,
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-young-generation-'));
  try {
    writeFileSync(join(dir, 'churn.mjs'), src);
    const out = execFileSync(process.execPath, [join(dir, 'churn.mjs')], { env: { ...process.env, NODE_OPTIONS: '' } });
    return JSON.parse(out.toString());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MiB = 1024 * 1024;
const mib = (n: number) => (n / MiB).toFixed(1);

t.test('which mk8s commands run pods', async (t) => {
  t.equal(runsPods(['agent', '--server', 'https://10.0.0.1:6443'], {}), true);
  t.equal(runsPods(['server'], {}), true);
  t.equal(runsPods(['server', '--disable-agent'], {}), false);
  t.equal(runsPods(['server', '--disable-agent', '--data-dir', '/d'], {}), false);
  t.equal(runsPods(['server', '--disable-agent=true'], {}), false);
  t.equal(runsPods(['server', '--disable-agent', 'false'], {}), true);
  t.equal(runsPods(['server', '--disable-agent=false'], {}), true);
  t.equal(runsPods(['server'], { MK8S_DISABLE_AGENT: 'true' }), false);
  t.equal(runsPods(['server', '--no-disable-agent'], { MK8S_DISABLE_AGENT: 'true' }), true);
  t.equal(runsPods(['apply', '-f', 'x.yaml'], {}), false);
  t.equal(runsPods([], {}), false);
});

t.test('an option of the user that sizes the young generation stands', async (t) => {
  t.equal(capYoungGeneration(['agent'], ['--max-semi-space-size=8'], '', {}), false);
  t.equal(capYoungGeneration(['server'], ['--semi-space-growth-factor=4'], '', {}), false);
  t.equal(capYoungGeneration(['agent'], [], '--inspect --max_semi_space_size=8', {}), false);
  t.equal(capYoungGeneration(['agent'], ['--min-semi-space-size', '2'], '', {}), false);
});

t.test('a node is capped: its young generation keeps its size under churn that grows an uncapped one', async (t) => {
  const uncapped = churnInChild('none');
  t.ok(uncapped.max >= 8 * MiB, `uncapped, the new space grew from ${mib(uncapped.before)} to ${mib(uncapped.max)} MiB`);
  for (const setup of ['agent', 'server'] as const) {
    const r = churnInChild(setup);
    t.ok(r.max <= r.before && r.max <= 4 * MiB, `mk8s ${setup}: the new space stayed at ${mib(r.max)} MiB (${mib(r.before)} MiB before the churn)`);
  }
  const controlPlane = churnInChild('control plane');
  t.ok(controlPlane.max >= 8 * MiB, `mk8s server --disable-agent keeps V8's default: the new space grew to ${mib(controlPlane.max)} MiB`);
});

t.test('a Worker undoes the cap unless it goes through keepCapAcross()', async (t) => {
  const lost = churnInChild('server, worker');
  t.ok(lost.max >= 8 * MiB, `after a plain Worker started, the new space grew to ${mib(lost.max)} MiB`);
  // Between the Worker's start and its 'online' event the space may grow one step.
  const kept = churnInChild('server, worker kept');
  t.ok(kept.max <= 2 * kept.before && kept.max <= 4 * MiB, `with keepCapAcross(), it stayed at ${mib(kept.max)} MiB (${mib(kept.before)} MiB before the churn)`);
});
