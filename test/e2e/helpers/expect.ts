import type { Test } from 'tap';
import type { RunResult } from './run-process.js';


/** Asserts a command exited 0 (showing its stderr otherwise) and returns its stdout. */
export function expectOk(t: Test, r: RunResult, what: string): string {
  const detail = r.code === 0 ? '' : ` (code ${r.code}${r.timedOut ? ', timed out' : ''}; stderr: ${r.stderr.trim().slice(0, 2000)})`;
  t.equal(r.code, 0, `${what}: exits 0${detail}`);
  return r.stdout;
}

/** Asserts a command failed and that its stderr matches `pattern`. */
export function expectFail(t: Test, r: RunResult, pattern: RegExp, what: string): string {
  t.not(r.code, 0, `${what}: exits non-zero${r.code === 0 ? ` (stdout: ${r.stdout.trim().slice(0, 2000)})` : ''}`);
  t.match(r.stderr, pattern, `${what}: stderr says ${pattern}`);
  return r.stderr;
}
