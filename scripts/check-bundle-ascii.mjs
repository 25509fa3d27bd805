#!/usr/bin/env node
// Fails the build when a bundle file holds a character outside ASCII. V8 keeps every loaded
// script's source on the heap, and one such character (esbuild escapes them in strings, but
// keeps some comments as written) makes it store the whole file two bytes per character.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist/bundle';
const bad = [];
for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
  const lines = readFileSync(join(dir, f), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const m = /[^\x00-\x7f]/.exec(line);
    if (m) bad.push(`${f}:${i + 1}: "${line.slice(Math.max(0, m.index - 30), m.index + 30).trim()}"`);
  });
}
if (bad.length) {
  process.stderr.write(`check-bundle-ascii: non-ASCII characters in ${dir} (write them as ASCII in the source):\n  ${bad.join('\n  ')}\n`);
  process.exit(1);
}
