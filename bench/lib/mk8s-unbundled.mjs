#!/usr/bin/env node
// The `mk8s` command from tsc's output (dist/src), not bin/mk8s's entry: for measuring the
// server when the bundled entry is unavailable. Selected with BENCH_MK8S_BIN=unbundled.
// Like bin/mk8s, it caps the young generation of a process that runs pods before the rest is loaded.
import { capYoungGeneration } from '../../dist/src/young-generation.js';

capYoungGeneration(process.argv.slice(2));
const { main } = await import('../../dist/src/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`mk8s: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
