import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, connect, type Server } from 'node:net';
import { startMk8sServer, type Mk8sServer } from './helpers/server.js';
import { MK8S_BIN } from './helpers/paths.js';
import { spawnLines } from './helpers/line-process.js';
import { expectOk } from './helpers/expect.js';
import { freePort } from './helpers/free-port.js';
import { tempDir } from './helpers/temp-dir.js';
import { waitFor } from './helpers/wait-for.js';
import { runProcess } from './helpers/run-process.js';
import { cleanNodeOnTeardown } from './helpers/node-cleanup.js';
import { createNetnsNode, type NetnsNode } from './helpers/netns-node.js';
import { installTestImage, TEST_IMAGE } from './helpers/test-image.js';
import { deleteAllPods, isRunningReady, waitForPod } from './helpers/pods.js';

// A second node: `mk8s agent` in its own network namespace (another machine, reached through a
// veth pair), with its own data dir and embedded containerd, joining the server over HTTPS.
t.setTimeout(300_000);

/** `mk8s agent ARGS` inside the namespace, without tap's loaders (see helpers/server.ts). */
function agentCommand(node: NetnsNode, args: string[]): [string, string[]] {
  return node.command('/usr/bin/env', ['-u', 'NODE_OPTIONS', '-u', 'KUBECONFIG', process.execPath, MK8S_BIN, 'agent', ...args]);
}

/** A TCP relay on the host's veth address to the server, counting the connections made through it. */
async function countingRelay(t: { teardown(fn: () => unknown): void }, host: string, target: number): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server: Server = createServer((sock) => {
    count++;
    const up = connect(target, '127.0.0.1');
    sock.pipe(up).pipe(sock);
    sock.on('error', () => up.destroy());
    up.on('error', () => sock.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, connections: () => count };
}

async function nodeNames(server: Mk8sServer): Promise<string[]> {
  const res = await server.request('GET', '/api/v1/nodes');
  return res.json().items.map((n: any) => n.metadata.name);
}

t.test('mk8s agent joins from another network namespace', async (t) => {
  const node = await createNetnsNode(t);
  // The server listens on every address (the agent reaches it on the veth), without its own agent.
  const server = await startMk8sServer(t, ['--tls-san', node.hostIp], { bindAddress: '0.0.0.0' });
  const serverUrl = `https://${node.hostIp}:${server.port}`;
  const token = readFileSync(join(server.dataDir, 'server', 'token'), 'utf8').trim();
  const m = /^K10([0-9a-f]{64})::server:(.+)$/.exec(token);
  t.ok(m, `the cluster token has the K10<hash>::server:<secret> shape (${token.slice(0, 12)}...)`);
  const [, hash, secret] = m!;

  t.test('a wrong secret is refused and registers nothing', async (t) => {
    const relay = await countingRelay(t, node.hostIp, server.port);
    const dir = tempDir(t, 'mk8s-e2e-agent-bad-');
    const [file, args] = agentCommand(node, ['--server', `https://${node.hostIp}:${relay.port}`, '--token', `K10${hash}::server:wrong`, '--data-dir', dir, '--node-name', 'bad-secret', '--node-ip', node.nodeIp, '--kubelet-port', String(await freePort())]);
    const r = await runProcess(file, args, { timeoutMs: 60_000 });
    t.not(r.code, 0, `mk8s agent exits non-zero (code ${r.code})`);
    t.match(r.stderr, /refused the join token|401|Unauthorized/i, `a clear message: ${r.stderr.trim()}`);
    t.ok(relay.connections() >= 2, `the CA matched, so the agent went on to present the secret (${relay.connections()} connections)`);
    t.notOk((await nodeNames(server)).includes('bad-secret'), 'no Node bad-secret');
  });

  t.test('a token pinning another CA is refused before any credential is sent', async (t) => {
    const relay = await countingRelay(t, node.hostIp, server.port);
    const dir = tempDir(t, 'mk8s-e2e-agent-badca-');
    const [file, args] = agentCommand(node, ['--server', `https://${node.hostIp}:${relay.port}`, '--token', `K10${'0'.repeat(64)}::server:${secret}`, '--data-dir', dir, '--node-name', 'bad-ca', '--node-ip', node.nodeIp, '--kubelet-port', String(await freePort())]);
    const r = await runProcess(file, args, { timeoutMs: 60_000 });
    t.not(r.code, 0, `mk8s agent exits non-zero (code ${r.code})`);
    t.match(r.stderr, /CA.*does not match/i, `the message says the CA does not match: ${r.stderr.trim()}`);
    // One connection: the unauthenticated GET /cacerts. The join (with the secret) would be a second one.
    t.equal(relay.connections(), 1, 'only the CA was fetched: no second connection carried the secret');
    t.notOk((await nodeNames(server)).includes('bad-ca'), 'no Node bad-ca');
  });

  t.test('the right token: the node becomes Ready and runs a pod; logs and exec go through the server', async (t) => {
    const dataDir = tempDir(t, 'mk8s-e2e-agent-');
    cleanNodeOnTeardown(t, dataDir, { netns: node.netns });
    await installTestImage(dataDir);
    const nodeName = `e2e-agent-${node.netns.slice(-6)}`;
    const agent = spawnLines(t, ...agentCommand(node, ['--server', serverUrl, '--token', token, '--data-dir', dataDir, '--node-name', nodeName, '--node-ip', node.nodeIp, '--kubelet-port', String(await freePort())]));
    t.teardown(() => deleteAllPods(server).catch(() => undefined));
    await waitFor(
      async () => {
        const res = await server.request('GET', `/api/v1/nodes/${nodeName}`);
        return res.status === 200 && res.json().status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
      },
      `node ${nodeName} to be Ready`,
      90_000,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; agent output: ${agent.lines.join('\n')}\n${agent.stderr()}`);
    });
    const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
    const ip = expectOk(t, await k(['get', 'node', nodeName, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']), 'node address');
    t.equal(ip, node.nodeIp, `InternalIP is the --node-ip ${node.nodeIp}`);
    t.match(expectOk(t, await k(['get', 'node', nodeName, '-o', 'jsonpath={.metadata.labels.kubernetes\\.io/hostname}']), 'hostname label'), nodeName);

    expectOk(
      t,
      await k(['apply', '-f', '-'], `
apiVersion: v1
kind: Pod
metadata: {name: remote}
spec:
  nodeSelector: {kubernetes.io/hostname: ${nodeName}}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo hello-from-$(hostname); while true; do sleep 1; done"]
`),
      'create a pod for the new node (nodeSelector kubernetes.io/hostname)',
    );
    // The scheduler binds it; without one, bind it to the node as a user would with nodeName.
    const bound = await waitForPod(server, 'remote', (p) => p.spec?.nodeName || undefined, 'bound to a node', 20_000).catch(async () => {
      t.comment('no scheduler bound the pod in 20 s: recreating it with spec.nodeName');
      await k(['delete', 'pod', 'remote', '--grace-period=0', '--force']);
      return undefined;
    });
    if (!bound) {
      expectOk(t, await k(['apply', '-f', '-'], `
apiVersion: v1
kind: Pod
metadata: {name: remote}
spec:
  nodeName: ${nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo hello-from-$(hostname); while true; do sleep 1; done"]
`), 'create the pod with spec.nodeName');
    } else t.equal(bound, nodeName, `scheduled on ${nodeName}`);
    const pod = await waitForPod(server, 'remote', (p) => isRunningReady(p) && p, 'Running on the joined node', 90_000);
    t.equal(pod.spec.nodeName, nodeName, 'runs on the joined node');
    t.equal(pod.status.hostIP, node.nodeIp, 'hostIP is the node IP');
    t.match(pod.status.podIP, /^10\.42\.\d+\.\d+$/, `pod IP from the node's pod CIDR (${pod.status.podIP})`);

    const logs = await waitFor(async () => {
      const r = await k(['logs', 'remote']);
      return r.code === 0 && r.stdout.includes('hello-from-') ? r.stdout : undefined;
    }, 'kubectl logs remote (server → agent) to show the first line', 30_000, 200);
    t.match(logs, /^hello-from-remote$/m, 'kubectl logs through the server reaches the agent');
    for (const v of ['1.27', '1.33']) {
      const r = await server.kubectl(v, ['exec', 'remote', '--', 'sh', '-c', 'hostname; exit 4'], { timeoutMs: 60_000 });
      t.equal(r.code, 4, `kubectl ${v} exec through the server: exit code 4 (stderr: ${r.stderr.trim()})`);
      t.equal(r.stdout.trim(), 'remote', `kubectl ${v} exec output`);
    }
  });
});
