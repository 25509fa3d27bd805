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
 * Whether `mk8s ARGV` runs pods: `mk8s agent`, and `mk8s server` unless `--disable-agent`
 * (or MK8S_DISABLE_AGENT=true).
 */
export function runsPods(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (argv[0] === 'agent') return true;
  if (argv[0] !== 'server') return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--disable-agent=true' || (a === '--disable-agent' && argv[i + 1] !== 'false')) return false;
    if (a === '--disable-agent=false' || a === '--no-disable-agent') return true;
  }
  return !['true', '1'].includes(env.MK8S_DISABLE_AGENT ?? '');
}

/**
 * Keeps V8's young generation at its initial size for the life of an mk8s process that runs
 * pods (runsPods()), unless node was started with an option that sizes it (on its command line
 * or in NODE_OPTIONS). bin/mk8s calls it with its arguments before loading the rest of mk8s.
 * Returns whether it set the cap.
 *
 * Node's default lets each semi-space grow to 16 MiB once enough objects survive scavenges,
 * as they do while a batch of pods starts; V8 shrinks it again only when its memory reducer
 * finds the process idle. On a node that made resident memory swing by tens of MiB with the
 * same pods running (bench/agent-memory: a separate agent between 70 and 106 MiB; bench/pod-
 * start: a server with its agent between 104 and 174 MiB at 50 to 100 pods). Capped, they
 * stayed within a few MiB (69 to 74 MiB; 93 to 108 MiB), and pods started as fast (the same
 * bench, capped and not, run in turn). A node runs on every machine of a cluster, small ones
 * included: it keeps its memory close to what is live.
 *
 * `mk8s server --disable-agent`, a control plane only, keeps V8's default: it absorbs bursts of
 * API writes, and capped, bench/scheduler (10,000 pods through the API) ran about 13% slower
 * (median 1,020 against 1,173 pods/s over five runs each); V8 also never pretenures objects
 * when the young generation cannot reach its maximum size.
 *
 * V8 reads the growth factor each time it would grow the space, so setting it at start-up
 * takes effect, where `--max-semi-space-size` (read once, when the heap is made) would not.
 * Starting a Worker puts node's V8 flags back, so every Worker goes through keepCapAcross().
 */
export function capYoungGeneration(argv: readonly string[], execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '', env: NodeJS.ProcessEnv = process.env): boolean {
  if (!runsPods(argv, env)) return false;
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => YOUNG_GENERATION_OPTION.test(a.replace(/_/g, '-')));
  if (given) return false;
  setFlagsFromString(CAP);
  state[CAPPED] = true;
  return true;
}

/** Sets the cap again once `worker` is online (its start put node's flags back), if it was set. */
export function keepCapAcross(worker: Worker): void {
  if (state[CAPPED]) worker.once('online', () => setFlagsFromString(CAP));
}
