import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { freePort } from './free-port.js';
import { runProcess } from './run-process.js';
import { tempDir, type Teardown } from './temp-dir.js';
import { testImageArchive } from './test-image.js';
import { waitFor } from './wait-for.js';

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, the registry part of image references. */
  host: string;
  pid: number;
  /** Pushes the busybox test image archive as `<host>/<repoTag>` (e.g. `mk8s-e2e/busybox:v1`); returns the full reference. */
  pushTestImage(repoTag: string): Promise<string>;
}

const REGISTRY_BIN = '/usr/bin/docker-registry';

/**
 * Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 and a free port, plain HTTP, storage
 * in a temp dir; stopped by pid (SIGTERM, then SIGKILL) at teardown.
 */
export async function startRegistry(t: Teardown): Promise<LocalRegistry> {
  for (const bin of [REGISTRY_BIN, '/usr/bin/skopeo']) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y docker-registry skopeo`);
  }
  const dir = tempDir(t, 'mk8s-e2e-registry-');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log: {level: warn}',
    `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}`,
    `http: {addr: "${host}", secret: mk8s-e2e}`,
    '',
  ].join('\n'));
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  t.teardown(async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  });
  await waitFor(async () => {
    if (exited) throw new Error(`docker-registry exited: ${output}`);
    return (await httpStatus(`http://${host}/v2/`)) === 200;
  }, `docker-registry on ${host} to answer /v2/`, 15_000, 100).catch((err: Error) => {
    throw new Error(`${err.message}; registry output: ${output}`);
  });
  return {
    host,
    pid: child.pid!,
    async pushTestImage(repoTag) {
      const ref = `${host}/${repoTag}`;
      const archive = await testImageArchive();
      const r = await runProcess('skopeo', ['copy', '--dest-tls-verify=false', `oci-archive:${archive}`, `docker://${ref}`], { timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`skopeo copy to ${ref} exited ${r.code}: ${r.stderr}`);
      return ref;
    },
  };
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 2 s`)));
    req.on('error', reject);
    req.end();
  });
}
