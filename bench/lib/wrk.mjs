/**
 * HTTPS load from wrk (Debian's `wrk`, C, one thread): a client that costs far less CPU per
 * request than a Node one, so on a 2-core machine more of the figure is the server's. Scripts
 * are Lua written to a temporary file: GETs cycle over `objects` names, creates POST unique ones.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether `wrk` is on PATH. */
export async function haveWrk() {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (err) {
    // wrk --version prints its usage and exits 1; ENOENT means it is not installed.
    return err.code !== 'ENOENT';
  }
}

const LUA = {
  get: (prefix, objects) => `
local i = 0
request = function()
  local name = "${prefix}" .. i
  i = (i + 1) % ${objects}
  return wrk.format("GET", wrk.path .. "/" .. name)
end
`,
  create: (prefix, bytes) => `
local n = 0
local value = string.rep("x", ${bytes})
local tag = tostring(math.random(1, 1000000000))
request = function()
  n = n + 1
  local body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${prefix}' .. tag .. '-' .. n .. '"},"data":{"v":"' .. value .. '"}}'
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end
`,
};

/**
 * Runs wrk for `seconds` against `${url}/api/v1/namespaces/${namespace}/configmaps` with
 * `connections` keep-alive connections. Returns requests/s, latency percentiles (ms) and the
 * count of non-2xx answers (a run with any is not a valid figure).
 */
export async function wrkLoad({ server, namespace, mode, prefix, objects = 1, bytes = 1000, seconds, connections = 16 }) {
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-wrk-'));
  try {
    const script = join(dir, `${mode}.lua`);
    writeFileSync(script, mode === 'get' ? LUA.get(prefix, objects) : LUA.create(prefix, bytes));
    const url = `${server.url}/api/v1/namespaces/${namespace}/configmaps`;
    const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, '-H', `Authorization: Bearer ${server.token}`, url], { maxBuffer: 4 << 20 });
    const perSecond = Number(/Requests\/sec:\s*([\d.]+)/.exec(stdout)?.[1]);
    const non2xx = Number(/Non-2xx or 3xx responses:\s*(\d+)/.exec(stdout)?.[1] ?? 0);
    const total = Number(/(\d+) requests in/.exec(stdout)?.[1]);
    const latencyMs = {};
    for (const [, p, v, unit] of stdout.matchAll(/^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)$/gm)) {
      latencyMs[`p${p}`] = Number(v) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
    }
    if (!Number.isFinite(perSecond)) throw new Error(`wrk printed no Requests/sec: ${stdout}`);
    return { perSecond, total, non2xx, latencyMs, client: 'wrk -t1' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
