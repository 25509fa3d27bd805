#!/usr/bin/env node
/**
 * `npm run bench [-- [--quick] [NAME...] [--name=value...]]`: runs the benchmarks in bench/
 * (all, or those named, e.g. `startup watch-throughput`), each in its own process, prints
 * each one's JSON line and summary, then one final summary line. Benchmarks need `dist/`
 * (`npm run build`). Exits non-zero only when a benchmark crashes, never on a missed target.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const ORDER = ['startup', 'api-throughput', 'watch-throughput', 'store-size', 'etcd-compare', 'scheduler', 'pod-start', 'agent-memory', 'dns', 'proxy-sync', 'endpoint-not-ready', 'service-rps'];
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
for (const n of names) {
  if (!available.includes(n)) {
    process.stderr.write(`bench: unknown benchmark ${JSON.stringify(n)} (available: ${available.join(', ')})\n`);
    process.exit(2);
  }
}
const selected = names.length ? names : available;
const PER_BENCH_TIMEOUT_MS = 8 * 60_000;

function run(name) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(benchDir, `${name}.mjs`), ...flags], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), PER_BENCH_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      let result;
      try {
        result = line && JSON.parse(line);
      } catch {
        result = undefined;
      }
      resolve({ name, code, signal, result, seconds: Math.round((performance.now() - t0) / 100) / 10 });
    });
  });
}

const results = [];
for (const name of selected) {
  process.stdout.write(`\n== ${name} ${flags.join(' ')}\n`);
  results.push(await run(name));
}

const crashed = results.filter((r) => r.code !== 0 || !r.result);
const missed = results.filter((r) => r.result && !r.result.ok);
const parts = results.map((r) => {
  if (r.code !== 0 || !r.result) return `${r.name} CRASHED (${r.signal ?? `exit ${r.code}`})`;
  const t = Object.values(r.result.targets);
  const pass = t.filter((c) => c.pass).length;
  return `${r.name} ${t.length ? `${pass}/${t.length} targets met` : 'figures only'} (${r.seconds} s)`;
});
process.stdout.write(
  `\nbench summary: ${results.length - crashed.length}/${results.length} ran, ${crashed.length} crashed, ${missed.length} with missed targets — ${parts.join('; ')}` +
    ` (missed targets do not fail the run; crashes do)\n`,
);
process.exitCode = crashed.length ? 1 : 0;
