import { request } from 'node:https';

/**
 * Opens a watch (`path` should carry `?watch=1`) and parses every event line; `onEvent(ev, at)`
 * runs for each one (`at`: performance.now() on arrival). `until(predicate, timeoutMs, what)`
 * resolves once `predicate()` holds, checked after every event; rejects on timeout or when the
 * watch fails; `opened` resolves once the server answered. The watch starts at the
 * resourceVersion given in `path`, or now.
 */
export function openJsonWatch(server, path, onEvent) {
  let failure;
  let rest = '';
  let count = 0;
  let markOpen;
  const opened = new Promise((r) => (markOpen = r));
  const waiters = new Set();
  const check = () => {
    for (const w of [...waiters]) {
      if (failure) w.fail(failure);
      else if (w.predicate()) w.ok();
    }
  };
  const req = request(
    { host: '127.0.0.1', port: new URL(server.url).port, path, ca: server.ca, agent: false, headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' } },
    (res) => {
      markOpen(res.statusCode);
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          failure = new Error(`watch ${path}: HTTP ${res.statusCode}: ${body.slice(0, 300)}`);
          check();
        });
        return;
      }
      res.on('data', (chunk) => {
        const at = performance.now();
        const text = rest + chunk;
        let start = 0;
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
          const line = text.slice(start, i);
          start = i + 1;
          if (!line.trim()) continue;
          const ev = JSON.parse(line);
          count++;
          if (ev.type === 'ERROR') failure = new Error(`watch ${path}: ERROR event ${JSON.stringify(ev.object).slice(0, 300)}`);
          else onEvent(ev, at);
        }
        rest = text.slice(start);
        check();
      });
      res.on('end', () => {
        failure ??= new Error(`watch ${path} ended after ${count} events`);
        check();
      });
    },
  );
  req.on('error', (err) => {
    markOpen(0);
    failure ??= err;
    check();
  });
  req.end();
  return {
    /** Resolves with the HTTP status once the response headers arrived (the watch is registered). */
    opened,
    get count() {
      return count;
    },
    get error() {
      return failure;
    },
    until(predicate, timeoutMs, what = 'condition') {
      return new Promise((resolve, reject) => {
        const w = {
          predicate,
          ok: () => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve(performance.now());
          },
          fail: (err) => {
            clearTimeout(timer);
            waiters.delete(w);
            reject(err);
          },
        };
        const timer = setTimeout(() => w.fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        waiters.add(w);
        check();
      });
    },
    close: () => req.destroy(),
  };
}
