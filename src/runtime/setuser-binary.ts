/** Where the `mk8s-setuser` helper (src/runtime/setuser/setuser.c, built by `npm run build`) lives. */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SETUSER_NAME = 'mk8s-setuser';

/**
 * The places the build puts the helper, seen from this module: `dist/mk8s-setuser` is one folder
 * up from the bundle (`dist/bundle/`), two from the compiled module (`dist/src/runtime/`), and
 * under `dist/` from the TypeScript source (`src/runtime/`, as unit tests run it).
 */
export function setuserCandidates(moduleUrl = import.meta.url): string[] {
  const here = dirname(fileURLToPath(moduleUrl));
  return [resolve(here, '..', SETUSER_NAME), resolve(here, '..', '..', SETUSER_NAME), resolve(here, '..', '..', 'dist', SETUSER_NAME)];
}

/** The first executable candidate (or `explicit` when given and executable), else undefined. */
export function findSetuserBinary(explicit?: string, moduleUrl = import.meta.url): string | undefined {
  const candidates = explicit ? [explicit] : setuserCandidates(moduleUrl);
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The message when a container needs the helper and it is not there. */
export function missingSetuserMessage(explicit?: string, moduleUrl = import.meta.url): string {
  const looked = explicit ? [explicit] : setuserCandidates(moduleUrl);
  return `the helper ${SETUSER_NAME} that applies runAsUser/runAsGroup/supplementalGroups is missing (looked at ${looked.join(', ')}); ` +
    `"npm run build" compiles it from src/runtime/setuser/setuser.c (needs cc and a static libc: Debian build-essential)`;
}

