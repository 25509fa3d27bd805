/**
 * Calibration: a bare Node HTTPS server (mk8s's serving certificate) answering every request
 * with a fixed ~1 KiB JSON body. Run with fork(); sends its port to the parent.
 *   fork('plain-server.mjs', [certFile, keyFile])
 */
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';

const [certFile, keyFile] = process.argv.slice(2);
const body = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { payload: 'x'.repeat(1000) } });
const srv = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAlive: true }, (req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
srv.keepAliveTimeout = 65_000;
srv.listen(0, '127.0.0.1', () => process.send(srv.address().port));
process.on('message', (m) => m === 'exit' && process.exit(0));
