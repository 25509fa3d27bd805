/**
 * The proxy against a real API server, programming iptables inside a throwaway network namespace
 * (never the host's tables): "pods" A and B serve TCP, C is a client pod, O an outside client.
 */
import t from 'tap';
import type { ChildProcess } from 'node:child_process';
import { startCluster } from '../helpers.js';
import { startServiceProxy } from '../../../src/agent/proxy/service-proxy.js';
import { cleanupServiceProxy } from '../../../src/agent/proxy/cleanup.js';
import { createIptablesRunner, type IptablesRunner } from '../../../src/agent/proxy/iptables-runner.js';
import { createLogger } from '../../../src/log.js';
import { addNetns, deleteNetns, inNetns, linkPod, netnsName, probe, startTcpServer, tally } from './netns.js';

const NODE_IP = '192.168.250.1';

t.test('ClusterIP, NodePort, LoadBalancer, hairpin, affinity, no endpoints, cleanup', async (t) => {
  const { client } = await startCluster(t);
  const node = netnsName('mk8s-proxytest');
  const [a, b, c, o] = ['a', 'b', 'c', 'o'].map((s) => `${node}-${s}`) as [string, string, string, string];
  const servers: ChildProcess[] = [];
  t.teardown(async () => {
    for (const s of servers) s.kill();
    for (const ns of [a, b, c, o, node]) await deleteNetns(ns);
  });
  for (const ns of [node, a, b, c, o]) await addNetns(ns);
  await linkPod(node, 'va', a, '10.42.1.2', '10.42.1.1');
  await linkPod(node, 'vb', b, '10.42.2.2', '10.42.2.1');
  await linkPod(node, 'vc', c, '10.42.3.2', '10.42.3.1');
  await linkPod(node, 'vo', o, '192.168.250.2', NODE_IP);
  await inNetns(node, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  await inNetns(node, 'ip', ['route', 'add', 'default', 'via', '192.168.250.2']); // a node has a default route
  servers.push(await startTcpServer(a, 'A', 8080), await startTcpServer(b, 'B', 8080));

  const svc = (name: string, spec: Record<string, unknown>) =>
    client.call('POST', '/api/v1/namespaces/default/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec } });
  const sliceBody = (svcName: string, ready: Record<string, boolean>) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
    metadata: { name: `${svcName}-1`, labels: { 'kubernetes.io/service-name': svcName } },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: Object.entries(ready).map(([ip, r]) => ({ addresses: [ip], conditions: { ready: r } })),
  });
  const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
  const both = { '10.42.1.2': true, '10.42.2.2': true };
  await svc('web', { type: 'NodePort', clusterIP: '10.43.77.10', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30777 }] });
  await svc('sticky', { clusterIP: '10.43.77.11', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  await svc('lb', { type: 'LoadBalancer', clusterIP: '10.43.77.13', ports: [{ name: 'http', port: 8081, targetPort: 8080, nodePort: 30778 }] });
  await svc('empty', { type: 'NodePort', clusterIP: '10.43.77.12', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30779 }] });
  for (const name of ['web', 'sticky', 'lb']) await client.call('POST', SLICES, { body: sliceBody(name, both) });

  // Every restore is reported, so the test waits on it instead of sleeping.
  const inner = createIptablesRunner({ netns: node });
  const applied: ((text: string) => void)[] = [];
  const runner: IptablesRunner = {
    save: (table) => inner.save(table),
    restore: async (text) => {
      await inner.restore(text);
      for (const fn of applied.splice(0)) fn(text);
    },
  };
  const nextRestore = () => new Promise<string>((resolve) => applied.push(resolve));
  const log = createLogger({ level: 'error' });
  const proxy = startServiceProxy({ client, log, runner, sysctls: false, clusterCidr: '10.42.0.0/16', nodeIps: [NODE_IP] });
  t.teardown(() => proxy.stop());
  await proxy.synced;
  t.comment(`first full sync: iptables-restore took ${proxy.stats().lastRestoreMs.toFixed(1)} ms`);

  const fromPod = await probe(c, '10.43.77.10', 80, 40);
  const counts = tally(fromPod);
  t.ok(counts.A! > 0 && counts.B! > 0 && counts.A! + counts.B! === 40, `ClusterIP from a pod reaches both endpoints: ${JSON.stringify(counts)}`);
  t.ok(fromPod.every((r) => r.reply?.endsWith(' 10.42.3.2')), 'pod-to-service traffic keeps the pod source address');
  const fromNode = tally(await probe(node, '10.43.77.10', 80, 10));
  t.equal((fromNode.A ?? 0) + (fromNode.B ?? 0), 10, `ClusterIP from the node itself: ${JSON.stringify(fromNode)}`);

  const viaNodePort = await probe(o, NODE_IP, 30777, 20);
  t.equal((tally(viaNodePort).A ?? 0) + (tally(viaNodePort).B ?? 0), 20, `NodePort from outside: ${JSON.stringify(tally(viaNodePort))}`);
  t.ok(viaNodePort.every((r) => !r.reply?.endsWith(' 192.168.250.2')), 'NodePort traffic is masqueraded');
  const lb = tally(await probe(o, NODE_IP, 8081, 10));
  t.equal((lb.A ?? 0) + (lb.B ?? 0), 10, `LoadBalancer port answered on the node address: ${JSON.stringify(lb)}`);
  const lbNodePort = tally(await probe(o, NODE_IP, 30778, 5));
  t.equal((lbNodePort.A ?? 0) + (lbNodePort.B ?? 0), 5, `and on its node port: ${JSON.stringify(lbNodePort)}`);

  const hairpin = tally(await probe(a, '10.43.77.10', 80, 30));
  t.ok(hairpin.A! > 0 && hairpin.A! + (hairpin.B ?? 0) === 30, `hairpin: pod A reaches itself through its service: ${JSON.stringify(hairpin)}`);
  t.equal(Object.keys(tally(await probe(c, '10.43.77.11', 80, 15))).length, 1, 'sessionAffinity ClientIP sticks to one endpoint');

  const refused = await probe(c, '10.43.77.12', 80, 3);
  t.ok(refused.every((r) => r.error === 'ECONNREFUSED' && r.ms < 1000), `no endpoints: refused at once (${refused.map((r) => `${r.error} ${r.ms}ms`).join(', ')})`);
  const refusedNp = await probe(o, NODE_IP, 30779, 1);
  t.equal(refusedNp[0]!.error, 'ECONNREFUSED', 'no endpoints: node port refused');

  // An endpoint becomes not ready: measured from the API write to the rules being in the kernel.
  const latencies: number[] = [];
  for (const [i, ready] of [{ '10.42.1.2': false, '10.42.2.2': true }, both, { '10.42.1.2': false, '10.42.2.2': true }].entries()) {
    const current = await client.call('GET', `${SLICES}/web-1`);
    const restored = nextRestore();
    const started = performance.now();
    await client.call('PUT', `${SLICES}/web-1`, { body: { ...sliceBody('web', ready), metadata: { ...current.metadata } } });
    const text = await restored;
    latencies.push(performance.now() - started);
    t.equal(text.includes('"default/web:http -> 10.42.1.2:8080"'), ready['10.42.1.2'], `change ${i + 1} applied`);
  }
  t.ok(Math.max(...latencies) < 1000, `endpoint change → rules in the kernel: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
  t.same(tally(await probe(c, '10.43.77.10', 80, 20)), { B: 20 }, 'the not-ready endpoint gets no traffic');

  const emptied = nextRestore();
  const current = await client.call('GET', `${SLICES}/web-1`);
  await client.call('PUT', `${SLICES}/web-1`, { body: { ...sliceBody('web', {}), metadata: { ...current.metadata } } });
  await emptied;
  const scaledToZero = (await probe(c, '10.43.77.10', 80, 1))[0]!;
  t.ok(scaledToZero.error === 'ECONNREFUSED' && scaledToZero.ms < 1000, `scaled to 0: refused at once (${scaledToZero.error} in ${scaledToZero.ms} ms)`);

  proxy.stop();
  const removed = await cleanupServiceProxy({ runner: inner });
  t.ok(removed.chains >= 6 && removed.jumps === 7, `cleanup removed ${removed.chains} chains and ${removed.jumps} jumps`);
  const left = (await inner.save('nat')) + (await inner.save('filter'));
  t.notMatch(left, 'MK8S', 'no mk8s chain or jump left');
});
