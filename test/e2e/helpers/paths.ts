import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The repository root (two folders above test/e2e/helpers). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built executable; it imports dist/. */
export const MK8S_BIN = join(REPO_ROOT, 'bin', 'mk8s');

/** The kubectl minors every e2e test runs against. */
export const KUBECTL_VERSIONS = ['1.27', '1.30', '1.32', '1.33'] as const;

/** `/usr/lib/google-cloud-sdk/bin/kubectl.1.<minor>` for "1.32" or "32". */
export function kubectlPath(version: string): string {
  const minor = version.replace(/^1\./, '');
  const path = `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`;
  if (!existsSync(path)) throw new Error(`kubectl ${version}: ${path} does not exist`);
  return path;
}

/** Throws a clear message when the build output bin/mk8s needs is missing. */
export function assertBuilt(): void {
  if (!existsSync(MK8S_BIN)) throw new Error(`${MK8S_BIN} is missing`);
  // The module bin/mk8s imports (e.g. ../dist/src/cli/main.js), read from the file itself.
  const target = /from\s+['"](\.\.?\/dist\/[^'"]+)['"]/.exec(readFileSync(MK8S_BIN, 'utf8'))?.[1];
  const main = target ? resolve(dirname(MK8S_BIN), target) : join(REPO_ROOT, 'dist');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" before the e2e tests (bin/mk8s imports dist/)`);
}
