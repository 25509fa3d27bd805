import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { getHeapSpaceStatistics } from 'node:v8';
import { transformSync } from 'esbuild';
import t from 'tap';
import { capYoungGeneration } from '../src/young-generation.js';

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

type Setup = 'none' | 'agent' | 'server' | 'agent, worker';

/**
 * Runs churn() in a fresh node with no loader (a TypeScript loader alone grows the young
 * generation before any test code runs), from a script file as bin/mk8s runs: the module's
 * source is compiled here and imported there as a data: URL. `setup`: what runs first
 * (capYoungGeneration() for `mk8s agent` or `mk8s server` arguments, maybe then a Worker).
 */
function churnInChild(setup: Setup): { before: number; max: number } {
  const ts = readFileSync(new URL('../src/young-generation.ts', import.meta.url), 'utf8');
  const module = `data:text/javascript,${encodeURIComponent(transformSync(ts, { loader: 'ts', format: 'esm' }).code)}`;
  const src = [
    `import { getHeapSpaceStatistics } from 'node:v8';`,
    `import { Worker } from 'node:worker_threads';`,
    `const { capYoungGeneration } = await import(${JSON.stringify(module)});`,
    setup.startsWith('agent') ? `if (!capYoungGeneration(['agent', '--server', 'https://10.0.0.1:6443'], [], '')) throw new Error('not capped');` : '',
    setup === 'server' ? `if (capYoungGeneration(['server'], [], '')) throw new Error('capped for the server');` : '',
    setup.includes('worker') ? `const w = new Worker('setTimeout(() => {}, 60000)', { eval: true }); await new Promise((r) => w.once('online', () => setImmediate(r)));` : '',
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

t.test('an option of the user that sizes the young generation stands', async (t) => {
  t.equal(capYoungGeneration(['agent'], ['--max-semi-space-size=8'], ''), false);
  t.equal(capYoungGeneration(['agent'], ['--semi-space-growth-factor=4'], ''), false);
  t.equal(capYoungGeneration(['agent'], [], '--inspect --max_semi_space_size=8'), false);
  t.equal(capYoungGeneration(['agent'], ['--min-semi-space-size', '2'], ''), false);
});

t.test('the agent is capped: its young generation keeps its size under churn that grows an uncapped one', async (t) => {
  const uncapped = churnInChild('none');
  t.ok(uncapped.max >= 8 * MiB, `uncapped, the new space grew from ${mib(uncapped.before)} to ${mib(uncapped.max)} MiB`);
  const agent = churnInChild('agent');
  t.ok(agent.max <= agent.before && agent.max <= 4 * MiB, `mk8s agent: the new space stayed at ${mib(agent.max)} MiB (${mib(agent.before)} MiB before the churn)`);
  const server = churnInChild('server');
  t.ok(server.max >= 8 * MiB, `mk8s server keeps V8's default: the new space grew to ${mib(server.max)} MiB`);
});

t.test('a Worker puts the default back (the agent starts none)', async (t) => {
  const r = churnInChild('agent, worker');
  t.ok(r.max >= 8 * MiB, `after a Worker started, the new space grew to ${mib(r.max)} MiB`);
});
