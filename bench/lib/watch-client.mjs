import { request } from 'node:https';

/**
 * Opens a watch and counts events (newline-delimited JSON) as they arrive; only the last
 * complete line of each chunk is parsed, for its resourceVersion. `until(count)` resolves when
 * `count` events have arrived (or rejects after `timeoutMs`), with the time of the last one.
 */
export function openWatch(server, path) {
  let count = 0;
  let lastRv = 0;
  let firstAt;
  let lastAt;
  let status;
  let rest = '';
  const waiters = [];
  let failure;
  const opened = performance.now();
  const req = request({ host: '127.0.0.1', port: new URL(server.url).port, path, ca: server.ca, agent: false, headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' } }, (res) => {
    status = res.statusCode;
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      let n = 0;
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) n++;
      if (n === 0) {
        rest += chunk;
        return;
      }
      const text = rest + chunk;
      const end = text.lastIndexOf('\n');
      const start = text.lastIndexOf('\n', end - 1) + 1;
      rest = text.slice(end + 1);
      if (status === 200) {
        const ev = JSON.parse(text.slice(start, end));
        lastRv = Number(ev.object?.metadata?.resourceVersion ?? lastRv);
        if (ev.type === 'ERROR') failure = new Error(`watch ERROR event: ${JSON.stringify(ev.object).slice(0, 300)}`);
      } else failure = new Error(`watch: HTTP ${status}: ${text.slice(0, 300)}`);
      const now = performance.now();
      firstAt ??= now;
      lastAt = now;
      count += n;
      for (const w of [...waiters]) if (failure || count >= w.count) w.done();
    });
    res.on('end', () => {
      failure ??= new Error(`watch ended after ${count} events (HTTP ${status})`);
      for (const w of [...waiters]) w.done();
    });
  });
  req.on('error', (err) => {
    failure = err;
    for (const w of [...waiters]) w.done();
  });
  req.end();
  return {
    get count() {
      return count;
    },
    get lastRv() {
      return lastRv;
    },
    get status() {
      return status;
    },
    get error() {
      return failure;
    },
    timing: () => ({ opened, firstAt, lastAt }),
    until(target, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const w = {
          count: target,
          done: () => {
            clearTimeout(t);
            waiters.splice(waiters.indexOf(w), 1);
            if (count >= target) resolve({ count, lastAt });
            else reject(failure ?? new Error(`watch: ${count}/${target} events`));
          },
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`watch: only ${count}/${target} events after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
        if (failure || count >= target) w.done();
      });
    },
    close: () => req.destroy(),
  };
}
