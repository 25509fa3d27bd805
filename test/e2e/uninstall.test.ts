import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMk8sServer } from './helpers/server.js';
import { expectOk } from './helpers/expect.js';
import { tempDir } from './helpers/temp-dir.js';
import { runProcess } from './helpers/run-process.js';
import { cleanNodeOnTeardown, pidsWithArg } from './helpers/node-cleanup.js';
import { installTestImage } from './helpers/test-image.js';
import { containerStatus, isRunningReady, podManifest, waitForPod } from './helpers/pods.js';
import { REPO_ROOT } from './helpers/paths.js';

// scripts/uninstall.sh on a node whose mk8s was stopped with pods still running (the agent
// leaves containers running when it stops, as k3s does): pods, rules, routes, DNS address,
// bridge and data directory all go.
t.setTimeout(300_000);

t.test('uninstall removes a stopped node\'s running pods and what mk8s put on the host', async (t) => {
  const dataDir = tempDir(t, 'mk8s-e2e-uninstall-');
  cleanNodeOnTeardown(t, dataDir); // a safety net only: the script should leave it nothing to do
  await installTestImage(dataDir);
  const nodeName = 'e2e-uninstall';
  const server = await startMk8sServer(t, [], { dataDir, agent: { nodeName } });
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  expectOk(t, await k(['apply', '-f', '-'], podManifest({ name: 'left', node: nodeName, script: 'while true; do sleep 1; done' })), 'create a pod');
  const pod = await waitForPod(server, 'left', (p) => isRunningReady(p) && p, 'Running', 90_000);
  const containerId = containerStatus(pod, 'main').containerID.replace('containerd://', '');
  const sandboxes = readdirSync(join(dataDir, 'agent', 'runtime', 'sandboxes'));
  t.equal(sandboxes.length, 1, `one pod sandbox (${sandboxes.join(', ')})`);

  await server.stop();
  t.ok(pidsWithArg(containerId).length > 0, 'after mk8s stopped, the pod\'s container (its shim) still runs');

  // Without tap's loaders (see helpers/server.ts), which it re-adds to NODE_OPTIONS on every spawn.
  const r = await runProcess('/usr/bin/env', ['-u', 'NODE_OPTIONS', join(REPO_ROOT, 'scripts', 'uninstall.sh'), dataDir], { timeoutMs: 120_000 });
  t.equal(r.code, 0, `scripts/uninstall.sh exits 0 (stdout: ${r.stdout.trim()}; stderr: ${r.stderr.trim().slice(-1500)})`);
  t.match(r.stdout, /removed 1 containers and 1 pod sandboxes/, 'it says what it removed');
  t.same(pidsWithArg(containerId), [], 'no shim of the pod\'s container is left');
  t.same(pidsWithArg(join(dataDir, 'agent', 'containerd', 'config.toml')), [], 'no containerd of the node is left');
  t.notOk(existsSync(dataDir), 'the data directory is gone');
  t.notOk((await runProcess('ip', ['netns', 'list'])).stdout.includes(sandboxes[0]!), 'the pod\'s network namespace is gone');
  t.notMatch((await runProcess('iptables-save', [])).stdout, /MK8S|name: \\"mk8s\\"/, 'no mk8s chain or CNI rule of mk8s');
  t.notMatch((await runProcess('ip', ['addr'])).stdout, /10\.43\.0\.10|mk8s0/, 'no cluster DNS address, no pod bridge');
  t.notMatch((await runProcess('ip', ['route'])).stdout, /mk8s0/, 'no route through the pod bridge');
});
