import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts the load generator in its own process; `run(op, params)` resolves with its result.
 * `pid` lets the caller read its CPU use; `stop()` ends it.
 */
export function startLoad() {
  const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let nextId = 1;
  child.on('message', (m) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`load generator: ${m.error}`));
    else w.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`load generator exited (${code})`));
    waiting.clear();
  });
  return {
    pid: child.pid,
    run(op, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, op, ...params });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ op: 'exit' });
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
