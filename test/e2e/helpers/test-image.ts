import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { runProcess } from './run-process.js';

/** The image every pod test runs: busybox from Debian's busybox-static, built by scripts/build-test-image.mjs. */
export const TEST_IMAGE = 'mk8s.local/busybox:latest';

let built: Promise<string> | undefined;

/** Builds the test image archive once per test process (in the temp folder, removed at exit). */
export function testImageArchive(): Promise<string> {
  built ??= (async () => {
    const out = join(tmpdir(), `mk8s-e2e-busybox-${process.pid}.tar`);
    process.once('exit', () => rmSync(out, { force: true }));
    if (existsSync(out)) return out;
    const r = await runProcess(process.execPath, [join(REPO_ROOT, 'scripts', 'build-test-image.mjs'), out], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`scripts/build-test-image.mjs failed (code ${r.code}): ${r.stderr}`);
    return out;
  })();
  return built;
}

/** Puts the test image archive into `<dataDir>/agent/images/` (imported by the agent at start). */
export async function installTestImage(dataDir: string): Promise<void> {
  const dir = join(dataDir, 'agent', 'images');
  mkdirSync(dir, { recursive: true });
  copyFileSync(await testImageArchive(), join(dir, 'busybox.tar'));
}
