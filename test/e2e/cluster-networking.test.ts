import t, { type Test } from 'tap';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from './helpers/cluster.js';
import { expectOk } from './helpers/expect.js';
import { tempDir } from './helpers/temp-dir.js';
import { waitFor } from './helpers/wait-for.js';
import { runProcess } from './helpers/run-process.js';
import { TEST_IMAGE } from './helpers/test-image.js';
import { MK8S_BIN } from './helpers/paths.js';

// Cluster networking across "machines": a server and two agents, each agent in its own network
// namespace on one LAN (a host bridge). Pods reach pods on the other node by IP (host-gw routes,
// no masquerade inside the cluster), Services by ClusterIP and by every DNS name form, NodePorts
// answer on every node's address, headless names list the pods, outside names are forwarded to
// the node's resolvers (here a tiny DNS server of the test, named by --resolv-conf).
t.setTimeout(600_000);

const OUTSIDE_NAME = 'outside.example';
const OUTSIDE_IP = '203.0.113.7';

/** A DNS server answering A OUTSIDE_NAME → OUTSIDE_IP (NOERROR/empty otherwise), recording who asked. */
async function fakeUpstream(t: Test, host: string): Promise<{ askedBy: Set<string> }> {
  const askedBy = new Set<string>();
  const sock: UdpSocket = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    askedBy.add(rinfo.address);
    let i = 12;
    const labels: string[] = [];
    while (i < msg.length && msg[i] !== 0) {
      labels.push(msg.subarray(i + 1, i + 1 + msg[i]!).toString('ascii'));
      i += 1 + msg[i]!;
    }
    const qEnd = i + 5;
    const qtype = msg.readUInt16BE(i + 1);
    const known = labels.join('.').toLowerCase() === OUTSIDE_NAME;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(known ? 0x8180 : 0x8183, 2); // response, RD+RA; NXDOMAIN for other names
    header.writeUInt16BE(1, 4);
    const answer = known && qtype === 1
      ? Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...OUTSIDE_IP.split('.').map(Number)])
      : Buffer.alloc(0);
    header.writeUInt16BE(answer.length ? 1 : 0, 6);
    sock.send(Buffer.concat([header, msg.subarray(12, qEnd), answer]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => sock.once('error', reject).bind(53, host, () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => sock.close(() => resolve())));
  return { askedBy };
}

/** One HTTP/1.0 GET from the host; resolves with the body. */
function httpGet(host: string, port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let data = '';
    sock.setTimeout(5_000, () => sock.destroy(new Error(`no answer from ${host}:${port} within 5 s`)));
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    sock.on('data', (d) => (data += d));
    // busybox httpd passes the CGI's own header block through, ended by a bare blank line.
    sock.on('end', () => resolve(data.split(/\r?\n\r?\n/).slice(1).join('\n')));
    sock.on('error', reject);
  });
}

const WEB = String.raw`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
      containers:
      - name: httpd
        image: ${TEST_IMAGE}
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c"]
        args:
        - |
          mkdir -p /www/cgi-bin
          printf '#!/bin/sh\necho Content-Type: text/plain\necho\necho "$(hostname) $REMOTE_ADDR"\n' > /www/cgi-bin/who
          chmod +x /www/cgi-bin/who
          exec httpd -f -p 8080 -h /www
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-sticky}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{name: http, port: 8088, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: outside}
spec:
  type: ExternalName
  externalName: ${OUTSIDE_NAME}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  replicas: 1
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      terminationGracePeriodSeconds: 1
      nodeSelector: {kubernetes.io/hostname: NODE1}
      containers:
      - name: echo
        image: ${TEST_IMAGE}
        imagePullPolicy: IfNotPresent
        command: ["nc", "-ll", "-p", "9000", "-e", "cat"]
        readinessProbe: {tcpSocket: {port: 9000}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: echo-np}
spec:
  type: NodePort
  selector: {app: echo}
  ports: [{port: 9000}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  nodeSelector: {kubernetes.io/hostname: NODE0}
  containers:
  - name: main
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "while true; do sleep 1; done"]
`;

/**
 * A shell line fetching /cgi-bin/who from HOST:PORT: prints "<pod hostname> <client address>"
 * (httpd listens on IPv6 and reports IPv4 clients as [::ffff:a.b.c.d]; the sed keeps a.b.c.d).
 */
const fetchLine = (target: string, port: number) =>
  `printf 'GET /cgi-bin/who HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${target} ${port} | tail -n 1 | sed -e 's/\\[::ffff:\\(.*\\)\\]/\\1/'`;

t.test('two agents in their own network namespaces: pods, services and DNS across nodes', async (t) => {
  let upstream: { askedBy: Set<string> } | undefined;
  const resolvConf = join(tempDir(t, 'mk8s-e2e-resolv-'), 'resolv.conf');
  const cluster: Cluster = await startCluster(t, {
    nodes: 2,
    // node1 joins with a bootstrap token (`mk8s token create`), node0 with the server's own token.
    bootstrapTokenNodes: [1],
    agentArgs: () => ['--resolv-conf', resolvConf],
    before: async (lan) => {
      // A loopback resolver first: the forwarder must skip it (it would loop back to the node itself).
      writeFileSync(resolvConf, `nameserver 127.0.0.53\nnameserver ${lan.hostIp}\n`);
      upstream = await fakeUpstream(t, lan.hostIp);
    },
  });
  const { server, nodes } = cluster;
  const [node0, node1] = nodes as [typeof nodes[0], typeof nodes[0]];
  const k = (args: string[], stdin?: string) => server.kubectl('1.33', args, { stdin, timeoutMs: 60_000 });
  const inClient = (script: string, timeoutMs = 60_000) => server.kubectl('1.33', ['exec', 'client', '--', 'sh', '-c', script], { timeoutMs });

  expectOk(t, await k(['apply', '-f', '-'], WEB.replace('NODE0', node0.name).replace('NODE1', node1.name)), 'apply web, services, echo and client');
  expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=180s'], undefined), 'web rolls out');
  expectOk(t, await k(['rollout', 'status', 'deploy/echo', '--timeout=120s']), 'echo rolls out');
  expectOk(t, await k(['wait', '--for=condition=Ready', 'pod/client', '--timeout=120s']), 'client Ready');

  const pods = (await server.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).json().items as any[];
  const byNode = new Map<string, any[]>();
  for (const p of pods) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
  t.same([...byNode.keys()].sort(), [node0.name, node1.name].sort(), 'web pods run on both nodes');
  t.same([...byNode.values()].map((l) => l.length), [2, 2], 'two web pods per node (topology spread)');
  const client = (await server.request('GET', '/api/v1/namespaces/default/pods/client')).json();
  const clientIp: string = client.status.podIP;
  t.equal(client.spec.nodeName, node0.name, 'the client runs on node0');

  t.test('pod to pod by IP, across nodes, keeping the client address', async (t) => {
    for (const p of pods) {
      const out = expectOk(t, await inClient(fetchLine(p.status.podIP, 8080)), `fetch ${p.metadata.name} by pod IP`).trim();
      t.equal(out, `${p.metadata.name} ${clientIp}`, `${p.metadata.name} (${p.spec.nodeName}, ${p.status.podIP}) answers and sees the client's own pod IP`);
    }
  });

  const svc = (await server.request('GET', '/api/v1/namespaces/default/services/web')).json();
  const clusterIp: string = svc.spec.clusterIP;

  t.test('the ClusterIP and every DNS name form reach the service; requests spread over all endpoints', async (t) => {
    for (const name of [clusterIp, 'web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']) {
      const out = expectOk(t, await inClient(fetchLine(name, 80)), `fetch via ${name}`).trim();
      t.match(out, /^web-\S+ \S+$/, `${name} answers (${out})`);
    }
    const many = expectOk(t, await inClient(`for i in $(seq 60); do ${fetchLine(clusterIp, 80)}; done`, 120_000), '60 requests through the ClusterIP');
    const seen = new Set(many.split('\n').map((l) => l.split(' ')[0]).filter(Boolean));
    t.same([...seen].sort(), pods.map((p) => p.metadata.name).sort(), `every endpoint answered (${[...seen].join(', ')})`);
  });

  t.test('NodePort answers on each node\'s address from the host', async (t) => {
    const np = (await server.request('GET', '/api/v1/namespaces/default/services/web-np')).json().spec.ports[0].nodePort;
    for (const node of nodes) {
      const body = await httpGet(node.nodeIp, np, '/cgi-bin/who');
      t.match(body.trim(), /^web-\S+ /, `${node.nodeIp}:${np} answers (${body.trim()})`);
    }
  });

  t.test('DNS: headless service, pod names, an outside name and an unknown cluster name', async (t) => {
    const out = expectOk(t, await inClient('nslookup web-headless.default.svc.cluster.local'), 'nslookup the headless service');
    const ips = [...out.matchAll(/Address:\s*(10\.42\.\d+\.\d+)\s*$/gm)].map((m) => m[1]);
    t.same(ips.sort(), pods.map((p) => p.status.podIP).sort(), 'one A record per ready web pod');
    const dashed = `${pods[0].status.podIP.replaceAll('.', '-')}.default.pod.cluster.local`;
    t.match(expectOk(t, await inClient(`nslookup ${dashed}`), `nslookup ${dashed}`), new RegExp(`Address:\\s*${pods[0].status.podIP.replaceAll('.', '\\.')}`), 'pod A record');
    const outside = expectOk(t, await inClient(`nslookup ${OUTSIDE_NAME}`), `nslookup ${OUTSIDE_NAME}`);
    t.match(outside, new RegExp(`Address:\\s*${OUTSIDE_IP.replaceAll('.', '\\.')}`), 'an outside name resolves through the node\'s resolver');
    t.ok(upstream!.askedBy.has(node0.nodeIp), `the node (${node0.nodeIp}) forwarded the question, skipping 127.0.0.53 (asked by: ${[...upstream!.askedBy].join(', ')})`);
    const unknown = await inClient('nslookup nothere.default.svc.cluster.local');
    t.match(unknown.stdout + unknown.stderr, /NXDOMAIN|can't find/i, 'an unknown cluster name is NXDOMAIN');
  });

  t.test('session affinity, hairpin, LoadBalancer and ExternalName', async (t) => {
    const sticky = (await server.request('GET', '/api/v1/namespaces/default/services/web-sticky')).json().spec.clusterIP;
    const out = expectOk(t, await inClient(`for i in $(seq 20); do ${fetchLine(sticky, 80)}; done`, 120_000), '20 requests to the ClientIP-affinity service');
    const answered = new Set(out.split('\n').map((l) => l.split(' ')[0]).filter(Boolean));
    t.equal(answered.size, 1, `sessionAffinity ClientIP: one endpoint answered all 20 (${[...answered].join(', ')})`);

    // A web pod reaching itself through its own service (hairpin), on the node across from the client.
    const self = byNode.get(node1.name)![0];
    const hairpin = await server.kubectl('1.33', ['exec', self.metadata.name, '--', 'sh', '-c', `for i in $(seq 40); do ${fetchLine(clusterIp, 80)}; done`], { timeoutMs: 120_000 });
    const lines = expectOk(t, hairpin, 'requests from a web pod to its own service').split('\n').filter(Boolean);
    const own = lines.filter((l) => l.startsWith(`${self.metadata.name} `));
    t.ok(own.length > 0, `hairpin: ${self.metadata.name} answered itself ${own.length} of ${lines.length} times`);
    t.ok(lines.length === 40, 'every request answered');

    const lb = await waitFor(async () => {
      const svc = (await server.request('GET', '/api/v1/namespaces/default/services/web-lb')).json();
      const ips = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip).sort();
      return ips.length === 2 ? ips : undefined;
    }, 'web-lb to get its load balancer ingress', 20_000, 100);
    t.same(lb, nodes.map((n) => n.nodeIp).sort(), 'LoadBalancer ingress: the node addresses');
    for (const ip of lb) t.match((await httpGet(ip, 8088, '/cgi-bin/who')).trim(), /^web-\S+ /, `LoadBalancer port 8088 answers on ${ip}`);

    const cname = expectOk(t, await inClient('nslookup outside.default.svc.cluster.local'), 'nslookup the ExternalName service');
    t.match(cname, new RegExp(`canonical name = ${OUTSIDE_NAME.replaceAll('.', '\\.')}`), 'a CNAME to the external name');
    t.match(cname, new RegExp(`Address:\\s*${OUTSIDE_IP.replaceAll('.', '\\.')}`), 'followed to its address through the node\'s resolver');
  });

  t.test('an agent restart keeps established connections and their rules', async (t) => {
    const np = (await server.request('GET', '/api/v1/namespaces/default/services/echo-np')).json().spec.ports[0].nodePort;
    // From the host to node0's NodePort; the echo pod runs on node1.
    const sock: Socket = connect({ host: node0.nodeIp, port: np });
    t.teardown(() => sock.destroy());
    let received = '';
    sock.on('data', (d) => (received += d));
    await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    const roundTrip = async (word: string) => {
      sock.write(`${word}\n`);
      await waitFor(() => received.includes(`${word}\n`), `echo of ${word}`, 10_000, 20);
    };
    await roundTrip('before');
    t.pass('echo through node0\'s NodePort to the pod on node1');
    await node0.kill('SIGTERM');
    await roundTrip('agent-down');
    t.pass('the connection works while node0\'s agent is stopped');
    await node0.start();
    await roundTrip('after');
    t.pass('and after it started again');
    const fresh = await httpGet(node0.nodeIp, (await server.request('GET', '/api/v1/namespaces/default/services/web-np')).json().spec.ports[0].nodePort, '/cgi-bin/who');
    t.match(fresh.trim(), /^web-\S+ /, 'new connections work after the restart');
  });

  t.test('scale to 0: the service refuses at once', async (t) => {
    expectOk(t, await k(['scale', 'deploy/web', '--replicas=0']), 'scale web to 0');
    await waitFor(async () => {
      const ep = (await server.request('GET', '/api/v1/namespaces/default/endpoints/web')).json();
      return !(ep.subsets ?? []).some((s: any) => s.addresses?.length);
    }, 'the web endpoints to be empty', 60_000, 100);
    const r = await waitFor(async () => {
      const r = await inClient(`nc -w 3 ${clusterIp} 80 </dev/null; echo "exit=$?"`, 30_000);
      return /refused/i.test(r.stdout + r.stderr) ? r : undefined;
    }, 'the ClusterIP to refuse connections', 15_000, 200);
    t.match(r.stdout + r.stderr, /refused/i, `connection refused, not a timeout (${(r.stdout + r.stderr).trim()})`);
  });

  t.test('cleanup leaves no mk8s chain, route, address or pod namespace behind', async (t) => {
    expectOk(t, await k(['delete', 'deploy', '--all', '--wait=false']), 'delete the deployments');
    expectOk(t, await k(['delete', 'pod', '--all', '--grace-period=1']), 'delete the pods');
    await waitFor(async () => (await server.request('GET', '/api/v1/pods')).json().items.length === 0, 'every pod gone', 60_000, 200);
    for (const node of nodes) {
      const sandboxes = join(node.dataDir, 'agent', 'runtime', 'sandboxes');
      await waitFor(() => !existsSync(sandboxes) || readdirSync(sandboxes).length === 0, `${node.name}'s sandboxes removed`, 30_000, 100);
      await node.kill('SIGTERM');
      const [file, args] = node.net.command('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, MK8S_BIN, 'agent', '--cleanup', '--data-dir', node.dataDir]);
      const r = await runProcess(file, args, { timeoutMs: 60_000 });
      t.equal(r.code, 0, `mk8s agent --cleanup on ${node.name} (${r.stderr.trim()})`);
      const inNs = async (f: string, a: string[]) => (await runProcess(...node.net.command(f, a))).stdout;
      t.notMatch(await inNs('iptables-save', []), /MK8S|mk8s/, `${node.name}: no mk8s chain or rule`);
      t.notMatch(await inNs('ip', ['route']), /10\.42\./, `${node.name}: no pod CIDR route`);
      t.notMatch(await inNs('ip', ['addr']), /10\.43\.0\.10|mk8s0/, `${node.name}: no cluster DNS address, no pod bridge`);
    }
    const netns = (await runProcess('ip', ['netns', 'list'])).stdout;
    for (const p of pods) t.notOk(netns.includes(`mk8s-${p.metadata.uid.replaceAll('-', '').slice(0, 12)}`), `no network namespace left of ${p.metadata.name}`);
  });
});

