import { cpus, loadavg, totalmem } from 'node:os';

/** Load average when the benchmark started: other work on this shared machine skews figures. */
const loadAtStart = loadavg().map((v) => Math.round(v * 100) / 100);

/**
 * Prints a benchmark's result: one JSON line (figures, targets, pass/fail per target) and a
 * one-line human summary starting with "# ". The runner reads the JSON line.
 */
export function report(bench, { params = {}, figures, targets, notes = [] }) {
  const checks = {};
  for (const [name, t] of Object.entries(targets)) {
    const value = figures[t.figure];
    const pass = typeof value === 'number' && (t.max !== undefined ? value <= t.max : value >= t.min);
    checks[name] = { figure: t.figure, value, ...(t.max !== undefined ? { max: t.max } : { min: t.min }), unit: t.unit, pass };
  }
  const allPass = Object.values(checks).every((c) => c.pass);
  const out = { bench, ok: allPass, params, figures, targets: checks, notes, machine: machineInfo() };
  process.stdout.write(JSON.stringify(out) + '\n');
  const parts = Object.entries(checks).map(([n, c]) => `${n} ${fmt(c.value)}${c.unit ?? ''} (${c.max !== undefined ? '≤' : '≥'} ${fmt(c.max ?? c.min)}) ${c.pass ? 'PASS' : 'MISS'}`);
  const info = Object.keys(checks).length === 0 ? Object.entries(figures).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${fmt(v)}`) : parts;
  const verdict = Object.keys(checks).length === 0 ? 'no target (figures only)' : allPass ? 'all targets met' : 'target(s) missed';
  process.stdout.write(`# ${bench}: ${verdict} — ${info.join('; ')}\n`);
  return out;
}

export function fmt(v) {
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 100) return String(Math.round(v));
  return String(Math.round(v * 100) / 100);
}

function machineInfo() {
  return { node: process.versions.node, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), mk8sEntry: process.env.BENCH_MK8S_BIN ?? 'bin/mk8s', loadAvgAtStart: loadAtStart, loadAvgAtEnd: loadavg().map((v) => Math.round(v * 100) / 100) };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return percentile(s, 50);
}

export const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
