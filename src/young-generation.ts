import { setFlagsFromString } from 'node:v8';

/** Node options that size V8's young generation: when the user gives one, theirs stands. */
const YOUNG_GENERATION_OPTION = /^--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor)(=|$)/;

/**
 * Keeps V8's young generation at its initial size for the life of an `mk8s agent` process,
 * unless node was started with an option that sizes it (on its command line or in
 * NODE_OPTIONS). bin/mk8s calls it with its arguments before loading the rest of mk8s.
 * Returns whether it set the cap.
 *
 * Node's default lets each semi-space grow to 16 MiB once enough objects survive scavenges,
 * as they do while a batch of pods starts. V8 shrinks it again only when its memory reducer
 * finds the process idle, so an agent's resident memory swung between about 70 and 106 MiB
 * with the same pods running (bench/agent-memory). Capped, it stays within a few MiB of what
 * is live, and pods start as fast (bench/pod-start). An agent runs on every machine of a
 * cluster, small ones included; its work is a few syncs a second, which a small young
 * generation serves well.
 *
 * The server keeps V8's default: it absorbs bursts of API writes, and with the cap the
 * scheduler benchmark ran about 13% slower (bench/scheduler: median 1,020 against 1,173
 * pods/s over five runs each); V8 also never pretenures when the young generation cannot
 * reach its maximum size.
 *
 * V8 reads the growth factor each time it would grow the space, so setting it at start-up
 * takes effect, where `--max-semi-space-size` (read once, when the heap is made) would not.
 * Starting a Worker puts node's V8 flags back; the agent starts none.
 */
export function capYoungGeneration(argv: readonly string[], execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (argv[0] !== 'agent') return false;
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => YOUNG_GENERATION_OPTION.test(a.replace(/_/g, '-')));
  if (given) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
