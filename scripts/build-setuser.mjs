#!/usr/bin/env node
// Compiles src/runtime/setuser/setuser.c into the static helper dist/mk8s-setuser, which the node
// agent bind-mounts into containers that run as another user (runAsUser/runAsGroup). Part of
// `npm run build`; needs a C compiler and a static libc (Debian: build-essential).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const source = 'src/runtime/setuser/setuser.c';
const out = process.argv[2] ?? 'dist/mk8s-setuser';
const cc = process.env.CC || 'cc';
mkdirSync(out.slice(0, out.lastIndexOf('/')) || '.', { recursive: true });
const r = spawnSync(cc, ['-static', '-O2', '-s', '-Wall', '-Wextra', '-o', out, source], { stdio: 'inherit' });
if (r.error || r.status !== 0) {
  const why = r.error ? r.error.message : `exit code ${r.status}`;
  process.stderr.write(`build-setuser: cannot compile ${source} with "${cc} -static" (${why}); install a C compiler and a static libc (Debian: apt-get install build-essential)\n`);
  process.exit(1);
}
