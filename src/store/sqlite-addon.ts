/**
 * better-sqlite3's native addon, loaded here and handed to the driver as `nativeBinding`.
 * Without it the driver finds its addon through the `bindings` package, which probes a dozen
 * directories with fs calls and a stack trace on every process start. SQLITE_ADDON_PATH is for
 * the checkpoint worker, which loads it in its own thread.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const SQLITE_ADDON_PATH = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
export const SQLITE_ADDON: object = require(SQLITE_ADDON_PATH);
