#!/usr/bin/env node
// Builds dist/images/busybox.tar (or the path given): an OCI layout of the host's static busybox,
// imported as mk8s.local/busybox:latest. Needs `npm run build` first (uses the compiled builder).
import { resolve } from 'node:path';
import { writeTestImage } from '../dist/src/runtime/test-image.js';

const out = resolve(process.argv[2] ?? 'dist/images/busybox.tar');
await writeTestImage(out);
process.stdout.write(`${out}\n`);
