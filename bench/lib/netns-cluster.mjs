import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createClient } from './client.mjs';
import { createLan, inNetns } from './netns-lan.mjs';
import { cleanNode, killPid, runProcess, waitUntil } from './node-cleanup.mjs';
import { freePort } from './proc.mjs';
import { BIN, ROOT, probe, removeDir, tempDir } from './server.mjs';

export const TEST_IMAGE = 'mk8s.local/busybox:latest';

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MK8S_') && !k.startsWith('BENCH_') && k !== 'NODE_OPTIONS' && k !== 'KUBECONFIG'));
}

/** A child process kept by pid, with the tail of its stderr; `stop()` is SIGTERM then SIGKILL. */
function startProcess(file, args) {
  const child = spawn(file, args, { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-6000)));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  return { pid: child.pid, stderr: () => stderr, exited: () => exited, stop: (graceMs) => killPid(child.pid, graceMs) };
}

/**
 * A cluster of separate "machines" on this host, as test/e2e/helpers/cluster.ts starts one:
 * `mk8s server --disable-agent` on the host, listening on its address on a LAN (and on loopback,
 * where the benchmark talks to it), and `nodes` agents, each in its own network namespace on
 * that LAN with its own data dir, embedded containerd and the busybox test image. Resolves once
 * every Node is Ready. `stop()` removes everything (agents, their containers and pod namespaces,
 * `mk8s agent --cleanup` in each namespace, the server, the LAN, the data dirs) and also runs on
 * SIGINT, SIGTERM and an uncaught error; it never throws and can run more than once.
 */
export async function startNetnsCluster({ nodes: count = 2, logLevel = 'warn', readyTimeoutMs = 120_000 } = {}) {
  const cleanups = [];
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      const problems = [];
      for (const fn of cleanups.reverse()) {
        try {
          problems.push(...((await fn()) ?? []).filter((l) => l.startsWith('FAILED')));
        } catch (err) {
          problems.push(`FAILED: ${err.message}`);
        }
      }
      if (problems.length) process.stderr.write(`netns cluster cleanup: ${problems.join('; ')}\n`);
    })());
  const onSignal = (signal) => {
    process.stderr.write(`${signal}: removing the benchmark cluster\n`);
    void stop().finally(() => process.exit(130));
  };
  const onCrash = (err) => {
    process.stderr.write(`${err?.stack ?? err}\nremoving the benchmark cluster\n`);
    void stop().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  cleanups.push(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  try {
    const lan = await createLan(count);
    cleanups.push(() => lan.remove());
    const serverDir = tempDir('netns-server');
    cleanups.push(() => removeDir(serverDir));
    const imageTar = join(serverDir, 'busybox.tar');
    const built = await runProcess(process.execPath, [join(ROOT, 'scripts/build-test-image.mjs'), imageTar], { timeoutMs: 60_000, env: cleanEnv() });
    if (built.code !== 0) throw new Error(`scripts/build-test-image.mjs: ${built.stderr}`);

    const port = await freePort();
    const kubeconfig = join(serverDir, 'bench-kubeconfig.yaml');
    const server = startProcess(process.execPath, [BIN, 'server', '--data-dir', serverDir, '--https-listen-port', String(port), '--disable-agent', '--bind-address', '0.0.0.0', '--tls-san', lan.hostIp, '--write-kubeconfig', kubeconfig, '--log-level', logLevel]);
    cleanups.push(() => server.stop(10_000));
    const t0 = performance.now();
    if (!(await waitUntil(async () => server.exited() || (await probe(port)) === 200, 30_000, 20)) || server.exited()) {
      throw new Error(`mk8s server not ready (${JSON.stringify(server.exited())}): ${server.stderr()}`);
    }
    const kc = parse(readFileSync(kubeconfig, 'utf8'));
    const api = {
      pid: server.pid,
      port,
      url: `https://127.0.0.1:${port}`,
      ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
      token: kc.users[0].user.token,
      dataDir: serverDir,
      stderr: server.stderr,
    };
    const admin = createClient(api);
    cleanups.push(() => admin.close());
    const token = readFileSync(join(serverDir, 'server', 'token'), 'utf8').trim();
    const serverUrl = `https://${lan.hostIp}:${port}`;

    const nodes = [];
    for (const [i, net] of lan.nodes.entries()) {
      const dataDir = tempDir(`netns-node${i}`);
      const name = `node${i}-${net.netns.slice(11, 17)}`;
      const node = { name, nodeIp: net.nodeIp, netns: net.netns, dataDir, command: net.command, agent: undefined };
      // Registered before the agent's stop: cleanups run last-registered first.
      cleanups.push(async () => {
        const done = await cleanNode(dataDir, net.netns, BIN);
        removeDir(dataDir);
        return done;
      });
      mkdirSync(join(dataDir, 'agent', 'images'), { recursive: true });
      await runProcess('cp', [imageTar, join(dataDir, 'agent', 'images', 'busybox.tar')]);
      const args = ['agent', '--server', serverUrl, '--token', token, '--data-dir', dataDir, '--node-name', name, '--node-ip', net.nodeIp, '--log-level', logLevel];
      node.agent = startProcess(...inNetns(net.netns, process.execPath, [BIN, ...args]));
      cleanups.push(() => node.agent.stop(20_000));
      nodes.push(node);
    }
    for (const node of nodes) {
      const ready = await waitUntil(async () => {
        if (node.agent.exited()) throw new Error(`agent ${node.name} exited (${JSON.stringify(node.agent.exited())}): ${node.agent.stderr()}`);
        const r = await admin.send('GET', `/api/v1/nodes/${node.name}`);
        return r.status === 200 && (JSON.parse(r.body).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      }, readyTimeoutMs, 200);
      if (!ready) throw new Error(`node ${node.name} not Ready within ${readyTimeoutMs} ms: ${node.agent.stderr()}`);
    }
    return { server: api, admin, lan, nodes, readyMs: performance.now() - t0, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The network namespace of a running pod (`mk8s-` + the first 12 hex digits of its uid), as a path. */
export function podNetnsPath(pod) {
  return `/var/run/netns/mk8s-${pod.metadata.uid.toLowerCase().replace(/[^0-9a-z]/g, '').slice(0, 12)}`;
}
