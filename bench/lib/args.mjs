/**
 * Command-line options every benchmark understands: `--quick` (a small, fast variant),
 * `--scale=X` (multiply the default sizes), and `--name=value` overrides read by each bench.
 */
export function parseArgs(argv = process.argv.slice(2)) {
  const opts = { quick: false, scale: 1 };
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(a)} (expected --quick, --scale=X or --name=value)`);
    const [, k, v] = m;
    if (k === 'quick') opts.quick = true;
    else if (k === 'scale') opts.scale = Number(v);
    else opts[k] = v === undefined ? true : Number.isNaN(Number(v)) ? v : Number(v);
  }
  if (opts.quick && opts.scale === 1) opts.scale = 0.1;
  if (!(opts.scale > 0)) throw new Error(`--scale: expected a positive number, got ${JSON.stringify(opts.scale)}`);
  return opts;
}

/** `base * scale`, rounded, at least `min`, unless `--name=N` overrides it. */
export function sized(opts, name, base, min = 1) {
  if (typeof opts[name] === 'number') return opts[name];
  return Math.max(min, Math.round(base * opts.scale));
}
