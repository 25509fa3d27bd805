/**
 * A small HTTP load loop, the fallback when wrk is not installed: `connections` loops, each
 * sending `GET <path> HTTP/1.0` on a fresh TCP connection and reading the answer to its end,
 * for `seconds`. Prints one JSON line: { requests, errors, non2xx, seconds, p50Ms, p99Ms }.
 *   node bench/lib/http-load.mjs http://HOST:PORT/PATH CONNECTIONS SECONDS
 * Run it inside a pod's network namespace with `nsenter --net=<path>`.
 */
import { connect } from 'node:net';

const [url, connections = '16', seconds = '3'] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const request = Buffer.from(`GET ${pathname} HTTP/1.0\r\nHost: ${hostname}\r\n\r\n`);
const end = performance.now() + Number(seconds) * 1000;
let requests = 0;
let errors = 0;
let non2xx = 0;
const samples = [];

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: hostname, port: Number(port) || 80 });
    let head = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (d) => {
      if (head.length < 16) head += d.toString('latin1', 0, 16);
    });
    socket.on('error', () => {
      errors++;
      resolve();
    });
    socket.on('close', (hadError) => {
      if (hadError) return;
      if (/^HTTP\/1\.[01] 2/.test(head)) requests++;
      else non2xx++;
      if ((requests & 15) === 0) samples.push(performance.now() - started);
      resolve();
    });
  });
}

async function loop() {
  while (performance.now() < end) await once();
}

const t0 = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, loop));
const elapsed = (performance.now() - t0) / 1000;
samples.sort((a, b) => a - b);
const pct = (p) => (samples.length ? Math.round(samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] * 100) / 100 : null);
process.stdout.write(JSON.stringify({ requests, errors, non2xx, seconds: elapsed, p50Ms: pct(50), p99Ms: pct(99) }) + '\n');
