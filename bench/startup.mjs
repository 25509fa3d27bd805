/**
 * Start-up: spawn → first /readyz 200 of `mk8s server --disable-agent` (polled every 5 ms),
 * median of N fresh data dirs and N restarts on an existing one; idle RSS after 5 s.
 * Targets: ready ≤ 1 s, idle RSS ≤ 60 MiB.   node bench/startup.mjs [--quick] [--runs=5] [--idle=5000]
 */
import { parseArgs } from './lib/args.mjs';
import { report, median, round } from './lib/report.mjs';
import { cpuSeconds, rssMiB } from './lib/proc.mjs';
import { startMk8s, tempDir, removeDir } from './lib/server.mjs';

const opts = parseArgs();
const runs = typeof opts.runs === 'number' ? opts.runs : opts.quick ? 2 : 5;
const idleMs = typeof opts.idle === 'number' ? opts.idle : opts.quick ? 2000 : 5000;

const dirs = [];
const fresh = [];
const restart = [];
// CPU seconds the server used up to ready: less sensitive than wall time to other load on the machine.
const freshCpu = [];
const restartCpu = [];
let rss;
let rssAfterIdle;
let lastPort;
try {
  for (let i = 0; i < runs; i++) {
    const dir = tempDir('startup');
    dirs.push(dir);
    const s = await startMk8s({ dataDir: dir });
    lastPort = s.port;
    fresh.push(s.readyMs);
    freshCpu.push(cpuSeconds(s.pid) * 1000);
    await s.stop();
  }
  // Restarts on an existing data dir (the last fresh one, which now holds the PKI and the store).
  const dir = dirs[dirs.length - 1];
  for (let i = 0; i < runs; i++) {
    // A restart as a service manager does it: same data dir, same port.
    const s = await startMk8s({ dataDir: dir, port: lastPort });
    restart.push(s.readyMs);
    restartCpu.push(cpuSeconds(s.pid) * 1000);
    if (i === runs - 1) {
      rss = rssMiB(s.pid);
      await new Promise((r) => setTimeout(r, idleMs));
      rssAfterIdle = rssMiB(s.pid);
    }
    await s.stop();
  }
} finally {
  for (const d of dirs) removeDir(d);
}

report('startup', {
  params: { runs, idleMs, pollMs: 5 },
  figures: {
    freshReadyMsMedian: round(median(fresh)),
    restartReadyMsMedian: round(median(restart)),
    readyMsMedianWorst: round(Math.max(median(fresh), median(restart))),
    freshReadyMs: fresh.map((v) => round(v)),
    restartReadyMs: restart.map((v) => round(v)),
    freshCpuMsToReadyMedian: round(median(freshCpu)),
    restartCpuMsToReadyMedian: round(median(restartCpu)),
    rssAtReadyMiB: round(rss),
    idleRssMiB: round(rssAfterIdle),
  },
  targets: {
    ready: { figure: 'readyMsMedianWorst', max: 1000, unit: ' ms' },
    idleRss: { figure: 'idleRssMiB', max: 60, unit: ' MiB' },
  },
});
