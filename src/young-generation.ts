import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

/** Node options that size V8's young generation: when the user gives one, theirs stands. */
const YOUNG_GENERATION_OPTION = /^--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor)(=|$)/;
const CAP = '--semi-space-growth-factor=1';
/**
 * Whether the cap is set, kept on the global object: bin/mk8s loads this module from tsc's
 * output and the bundle has its own copy, one state for both.
 */
const CAPPED = Symbol.for('mk8s.youngGenerationCapped');
const state = globalThis as { [CAPPED]?: boolean };

/**
 * Keeps V8's young generation at its initial size for the life of an mk8s process, unless
 * node was started with an option that sizes it (on its command line or in NODE_OPTIONS).
 * bin/mk8s calls it before loading the rest of mk8s. Returns whether it set the cap.
 *
 * Node's default lets each semi-space grow to 16 MiB once enough objects survive scavenges,
 * as they do while pods start or a burst of writes arrives. V8 shrinks it again only when its
 * memory reducer finds the process idle, so a node's resident memory swings by tens of MiB
 * with the recent load, and the objects promoted out of a large young generation keep the old
 * one big too. A server and agent allocate mostly short-lived objects per request or sync: a
 * small young generation costs no measurable throughput here (bench/api-throughput and
 * bench/scheduler run as fast), and resident memory stays close to what is live.
 *
 * V8 reads the growth factor each time it would grow the space, so setting it at start-up
 * takes effect, where `--max-semi-space-size` (read once, when the heap is made) would not.
 * Starting a Worker puts node's V8 flags back, so every Worker goes through keepCapAcross().
 */
export function capYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => YOUNG_GENERATION_OPTION.test(a.replace(/_/g, '-')));
  if (given) return false;
  setFlagsFromString(CAP);
  state[CAPPED] = true;
  return true;
}

/** Sets the cap again once `worker` is online (its start put the flag back), if it was set. */
export function keepCapAcross(worker: Worker): void {
  if (state[CAPPED]) worker.once('online', () => setFlagsFromString(CAP));
}
