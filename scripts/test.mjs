#!/usr/bin/env node
// The whole suite: unit tests, then end-to-end tests (real binary, containerd, kubectl).
// tap prints TAP; every test point (assertion or subtest) is counted, and the run ends with
// the plain line "N passed, N failed" that CI reads.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const suites = args.length ? args : ['unit', 'e2e'];
const tap = 'node_modules/.bin/tap';

function run(files, jobs) {
  return new Promise((resolve) => {
    const child = spawn(tap, ['--reporter=tap', '--disable-coverage', ...(jobs ? [`--jobs=${jobs}`] : []), ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    let passed = 0;
    let failed = 0;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const m = /^\s*(not )?ok \d+/.exec(line);
        if (!m) continue;
        if (/# (SKIP|TODO)/i.test(line)) continue;
        if (m[1]) failed++;
        else passed++;
      }
    });
    child.on('close', (code) => resolve({ passed, failed: failed + (code !== 0 && failed === 0 ? 1 : 0) }));
  });
}

function e2eFiles() {
  if (!existsSync('test/e2e')) return [];
  return readdirSync('test/e2e').filter((f) => f.endsWith('.test.ts')).sort().map((f) => `test/e2e/${f}`);
}

let passed = 0;
let failed = 0;
for (const suite of suites) {
  const files = suite === 'unit' ? [] : suite === 'e2e' ? e2eFiles() : [suite];
  if (suite === 'e2e' && files.length === 0) continue;
  // End-to-end files share the host's pod bridge and ports: one at a time.
  const r = await run(suite === 'unit' ? [] : files, suite === 'e2e' ? 1 : undefined);
  passed += r.passed;
  failed += r.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
