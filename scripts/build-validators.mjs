#!/usr/bin/env node
// Generates the schema validators of the served kinds ahead of time (ajv's standalone code),
// one CommonJS module per type into dist/validators/<type>.cjs, from the type tables tsc just
// compiled. The server then loads a kind's validator with its first write of that kind instead
// of compiling schemas at run time (≈0.5 s on the first Pod, and the ajv compiler in memory).
// Part of `npm run build`, after tsc. Without these files the server compiles at run time.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const { TYPES } = await import('../dist/src/api/types/index.js');
const { RESOURCES } = await import('../dist/src/api/kinds.js');
const { sharedSchema, kindSchema, SHARED_ID, AJV_OPTIONS } = await import('../dist/src/api/schema/validator.js');

const out = process.argv[2] ?? 'dist/validators';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
ajv.addSchema(sharedSchema(TYPES));
const types = [...new Set(RESOURCES.map((r) => r.type))].filter((t) => TYPES[t]);
let bytes = 0;
for (const type of types) {
  const id = `mk8s-kind-${type}`;
  ajv.addSchema({ $id: id, ...kindSchema(type) });
  const code = standaloneCode(ajv, { validate: id });
  writeFileSync(join(out, `${type}.cjs`), code);
  bytes += code.length;
}
process.stdout.write(`build-validators: ${types.length} kinds, ${(bytes / 1048576).toFixed(1)} MiB of validator code in ${out}/\n`);
void SHARED_ID;
