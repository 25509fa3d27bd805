import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

const CLK_TCK = 100; // USER_HZ on Linux x86-64

/** CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in MiB (VmRSS) from /proc/<pid>/status. */
export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * What the resident set is made of, in MiB, from /proc/<pid>/status: anonymous memory (the V8
 * heap, malloc arenas, buffers), file-backed pages (the node binary, shared libraries) and shmem.
 */
export function rssPartsMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { anon: kib('RssAnon') / 1024, file: kib('RssFile') / 1024, shmem: kib('RssShmem') / 1024 };
}

/** Measures a process's CPU use over a phase: call stop() to get { cpuSeconds, cores }. */
export function cpuMeter(pid) {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  return {
    stop() {
      const cpu = cpuSeconds(pid) - c0;
      const wall = (performance.now() - t0) / 1000;
      return { cpuSeconds: Math.round(cpu * 100) / 100, cores: Math.round((cpu / wall) * 100) / 100 };
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Total size in bytes of the files in a directory (not recursive), by name. */
export function dirFiles(dir) {
  const out = {};
  for (const name of readdirSync(dir)) {
    try {
      out[name] = statSync(join(dir, name)).size;
    } catch {
      // removed between readdir and stat (e.g. -shm on close)
    }
  }
  return out;
}

export const MiB = 1024 * 1024;
