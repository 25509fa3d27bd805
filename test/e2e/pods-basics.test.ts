import t from 'tap';
import { request } from 'node:http';
import { startMk8sServer } from './helpers/server.js';
import { kubectlPath } from './helpers/paths.js';
import { spawnLines } from './helpers/line-process.js';
import { expectOk } from './helpers/expect.js';
import { freePort } from './helpers/free-port.js';
import { containerStatus, deleteAllPods, isRunningReady, waitForPod } from './helpers/pods.js';
import { TEST_IMAGE } from './helpers/test-image.js';

// Real containerd started by mk8s under its data dir, real kubectl (1.27: SPDY, 1.33: WebSocket).
t.setTimeout(300_000);

const manifest = (node: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {greeting: hello-from-configmap, MODE: fast, LEVEL: "7"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {password: s3cr3t-value}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: init
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo written-by-init > /data/file"]
    volumeMounts: [{name: data, mountPath: /data}]
  containers:
  - name: httpd
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["httpd", "-f", "-p", "8080", "-h", "/data"]
    ports: [{containerPort: 8080}]
    volumeMounts: [{name: data, mountPath: /data}]
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: cfg, key: greeting}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: sec, key: password}}}
    envFrom:
    - configMapRef: {name: cfg}
  - name: client
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "until wget -qO- http://127.0.0.1:8080/file; do sleep 0.2; done; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.5; done"]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    emptyDir: {}
`;

t.test('a pod with an init container, two containers, an emptyDir, env from a ConfigMap and a Secret', async (t) => {
  const server = await startMk8sServer(t, [], { agent: true });
  t.teardown(() => deleteAllPods(server).catch(() => undefined));
  const k = (v: string, args: string[], stdin?: string) => server.kubectl(v, args, { stdin, timeoutMs: 60_000 });

  expectOk(t, await k('1.33', ['apply', '-f', '-'], manifest(server.nodeName!)), 'apply the ConfigMap, the Secret and the pod');
  const pod = await waitForPod(server, 'web', (p) => isRunningReady(p) && p, 'Running with 2/2 ready', 90_000);
  t.equal(pod.status.phase, 'Running', 'phase Running');
  t.equal(pod.status.containerStatuses.length, 2, 'two container statuses');
  t.equal(containerStatus(pod, 'init')?.state?.terminated?.exitCode, 0, 'the init container completed with exit code 0');
  t.match(pod.status.podIP, /^10\.42\.\d+\.\d+$/, 'pod IP from the cluster CIDR');
  const row = expectOk(t, await k('1.33', ['get', 'pod', 'web', '--no-headers']), 'get pod web');
  t.match(row, /^web\s+2\/2\s+Running\s+0\s/, 'kubectl get shows 2/2 Running, no restart');

  t.test('the second container reads the file the init container wrote, through localhost', async (t) => {
    // The client polls until httpd answers, so its first line is the file once it is up.
    await waitForPod(server, 'web', async () => (await k('1.33', ['logs', 'web', '-c', 'client'])).stdout.includes('written-by-init'), 'client log shows the file', 30_000);
    const out = expectOk(t, await k('1.33', ['logs', 'web', '-c', 'client']), 'logs web -c client');
    t.match(out, /^written-by-init$/m, 'the file content, fetched from http://127.0.0.1:8080/file');
  });

  t.test('env from configMapKeyRef, secretKeyRef and envFrom', async (t) => {
    for (const [name, value] of [['GREETING', 'hello-from-configmap'], ['PASSWORD', 's3cr3t-value'], ['MODE', 'fast'], ['LEVEL', '7']]) {
      const out = expectOk(t, await k('1.33', ['exec', 'web', '-c', 'httpd', '--', 'sh', '-c', `echo $${name}`]), `exec echo $${name}`);
      t.equal(out.trim(), value, `${name}=${value}`);
    }
  });

  for (const v of ['1.27', '1.33']) {
    t.test(`exec through kubectl ${v} (${v === '1.27' ? 'SPDY' : 'WebSocket'})`, async (t) => {
      const ok = expectOk(t, await k(v, ['exec', 'web', '-c', 'httpd', '--', 'cat', '/data/file']), 'exec cat /data/file');
      t.equal(ok.trim(), 'written-by-init', 'stdout comes back');
      const three = await k(v, ['exec', 'web', '-c', 'httpd', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
      t.equal(three.code, 3, `kubectl exec exits 3 (stderr: ${three.stderr.trim()})`);
      t.match(three.stdout, /^out$/m, 'stdout of a failing command');
      t.match(three.stderr, /err/, 'stderr of a failing command');
      const stdin = await k(v, ['exec', '-i', 'web', '-c', 'httpd', '--', 'sh', '-c', 'tr a-z A-Z'], 'piped through stdin\n');
      t.equal(expectOk(t, stdin, 'exec -i tr').trim(), 'PIPED THROUGH STDIN', 'stdin reaches the command');
    });
  }

  t.test('logs -f sees new lines', async (t) => {
    const follow = spawnLines(t, kubectlPath('1.33'), ['--kubeconfig', server.kubeconfig, 'logs', '-f', 'web', '-c', 'client', '--tail', '1']);
    const first = await follow.waitForLine(/^tick-\d+$/, 'a first tick line', 20_000);
    const n = Number(first.split('-')[1]);
    await follow.waitForLine((l) => /^tick-\d+$/.test(l) && Number(l.split('-')[1]) >= n + 2, `tick-${n + 2} or later, written after the follow began`, 20_000);
    t.pass(`logs -f followed from ${first} to new lines`);
    await follow.stop();
  });

  t.test('port-forward (kubectl 1.33) to httpd and an HTTP GET through it', async (t) => {
    const local = await freePort();
    const pf = spawnLines(t, kubectlPath('1.33'), ['--kubeconfig', server.kubeconfig, 'port-forward', 'pod/web', `${local}:8080`, '--address', '127.0.0.1']);
    await pf.waitForLine(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/, 'port-forward to be listening', 20_000);
    for (let i = 0; i < 2; i++) {
      const body = await httpGet(`http://127.0.0.1:${local}/file`);
      t.equal(body.status, 200, `GET #${i + 1} through the forward: 200`);
      t.equal(body.text.trim(), 'written-by-init', `GET #${i + 1} returns the file`);
    }
    await pf.stop();
  });

  t.test('describe pod shows the events Pulled, Created, Started', async (t) => {
    const out = expectOk(t, await k('1.33', ['describe', 'pod', 'web']), 'describe pod web');
    for (const reason of ['Pulled', 'Created', 'Started']) t.match(out, new RegExp(`Normal\\s+${reason}\\s`), `event ${reason}`);
    t.match(out, /Started container httpd/, 'Started names the container');
    t.match(out, /Status:\s+Running/, 'Status: Running');
  });
});

function httpGet(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 15_000 }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 15 s`)));
    req.on('error', reject);
    req.end();
  });
}
