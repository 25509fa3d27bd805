/**
 * Requests per second through a ClusterIP versus straight to the pod IP (issue 5: ratio ≥ 0.9).
 * A cluster of separate "machines" on this host: `mk8s server` plus --nodes agents, each in its
 * own network namespace on one LAN, a bridge in a namespace of its own (bench/lib/netns-cluster.mjs;
 * nothing on the host's pod bridge, iptables or conntrack table). Two identical busybox httpd pods on the last node, a client pod on the
 * first one: the pod-IP runs go to `direct`, the ClusterIP runs to Service `web`, whose one
 * endpoint is `behind`. Two pods, not one: busybox httpd closes every connection, so it holds
 * thousands in TIME_WAIT, and a client reusing a port towards one pod both directly and through
 * the DNAT (different TCP timestamp offsets per destination address) can get its SYNs dropped
 * by PAWS and retried a second later, penalising whichever path the dice chose (seen: ratios
 * from 0.8 to 1.1 run to run, and PAWSTimewait/SynRetrans counters climbing). --services − 1 more
 * Services in front of a filler pod all sort before `web` (a new connection to `web` walks past
 * their rules).
 * The load runs inside the client pod's network namespace (nsenter): wrk when installed
 * (`wrk -t1 -c<connections>`), else bench/lib/http-load.mjs; the same client, connections and
 * duration for both targets, in rounds of one run each, alternating which goes first. The ratio
 * is the median over rounds of (service / pod): each pair ran back to back, which cancels most
 * of the drift a shared machine adds; the ratio of the totals is reported too.
 * busybox httpd answers one request per connection, so every request is a new connection
 * through the service's NAT rules; the client pod's namespace gets tcp_tw_reuse=1 and ports
 * 1024-65535, as a load generator needs.
 *   node bench/service-rps.mjs [--quick] [--rounds=16] [--seconds=1] [--connections=16] [--services=100] [--nodes=2] [--client=wrk|node]
 * Needs root, containerd, runc, the CNI plugins and busybox-static.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, sized } from './lib/args.mjs';
import { clusterIpService, createAll, deletePods, getJson, httpdPod, natRules, sleeperPod, waitPodsReady, waitRules } from './lib/cluster-objects.mjs';
import { podNetnsPath, startNetnsCluster } from './lib/netns-cluster.mjs';
import { runProcess } from './lib/node-cleanup.mjs';
import { median, report, round } from './lib/report.mjs';
import { ROOT } from './lib/server.mjs';

const opts = parseArgs();
const num = (name, full, quick) => (typeof opts[name] === 'number' ? opts[name] : opts.quick ? quick : full);
const rounds = num('rounds', 16, 8);
const seconds = num('seconds', 1, 1);
const connections = num('connections', 16, 16);
const services = sized(opts, 'services', 100, 1);
const nodeCount = Math.max(2, num('nodes', 2, 2));
const NS = 'bench';
const wrkPath = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();
const clientTool = opts.client === 'node' || !wrkPath ? 'node' : 'wrk';

/** One load run from inside the client pod's network namespace: { rps, requests, seconds, errors, p50Ms }. */
async function load(netnsPath, url) {
  if (clientTool === 'wrk') {
    const r = await runProcess('nsenter', [`--net=${netnsPath}`, wrkPath, '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '2s', '--latency', url], { timeoutMs: seconds * 1000 + 30_000 });
    if (r.code !== 0) throw new Error(`wrk ${url}: exit ${r.code}: ${r.stderr}${r.stdout}`);
    const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(r.stdout);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0);
    const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(r.stdout);
    const errors = (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0) + non2xx;
    return { rps, requests, seconds: rps > 0 ? requests / rps : seconds, errors, p50Ms: p50 ? Number(p50[1]) * { us: 0.001, ms: 1, s: 1000 }[p50[2]] : null };
  }
  const r = await runProcess('nsenter', [`--net=${netnsPath}`, process.execPath, join(ROOT, 'bench/lib/http-load.mjs'), url, String(connections), String(seconds)], { timeoutMs: seconds * 1000 + 30_000 });
  if (r.code !== 0) throw new Error(`http-load ${url}: exit ${r.code}: ${r.stderr}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop());
  return { rps: j.requests / j.seconds, requests: j.requests, seconds: j.seconds, errors: j.errors + j.non2xx, p50Ms: j.p50Ms };
}

const cluster = await startNetnsCluster({ nodes: nodeCount });
const figures = {};
const notes = [];
try {
  const { admin, nodes } = cluster;
  const client = nodes[0];
  const server = nodes[nodes.length - 1];
  const fillers = Array.from({ length: services - 1 }, (_, i) => clusterIpService(`a-${String(i).padStart(4, '0')}`, { app: 'filler' }));
  await createAll(admin, NS, {
    pods: [httpdPod('direct', server.name, { app: 'direct' }), httpdPod('behind', server.name, { app: 'web' }), httpdPod('filler', server.name, { app: 'filler' }), sleeperPod('client', client.name)],
    services: [clusterIpService('web', { app: 'web' }), ...fillers],
  });
  const pods = await waitPodsReady(admin, NS, ['direct', 'behind', 'filler', 'client']);
  const podIp = pods.direct.status.podIP;
  const behindIp = pods.behind.status.podIP;
  const clusterIp = (await getJson(admin, `/api/v1/namespaces/${NS}/services/web`)).spec.clusterIP;
  await waitRules(nodes, (nat) => nat.includes(`--to-destination ${behindIp}:8080`) && (nat.match(/^-A MK8S-SERVICES .* -j MK8S-SVC-/gm) ?? []).length >= services, `${services} services with endpoints`, 120_000);
  const nat = await natRules(client);
  figures.natRulesOnClientNode = nat.split('\n').filter((l) => l.startsWith('-A ')).length;
  figures.servicesAheadOfWeb = (nat.match(/^-A MK8S-SERVICES .*"?bench\/a-\d+:http cluster IP"? .* -j MK8S-SVC-/gm) ?? []).length;

  const netnsPath = podNetnsPath(pods.client);
  // As for any load generator: every request is a new connection and part of them end in
  // TIME_WAIT on the client, whose ports towards one address would run out within a minute.
  const tuned = await runProcess('nsenter', [`--net=${netnsPath}`, 'sysctl', '-qw', 'net.ipv4.tcp_tw_reuse=1', 'net.ipv4.ip_local_port_range=1024 65535']);
  if (tuned.code !== 0) throw new Error(`sysctl in the client pod's network namespace: ${tuned.stderr}`);
  const targets = { pod: `http://${podIp}:8080/index.html`, service: `http://${clusterIp}:80/index.html` };
  // Warm-up (ARP, routes, conntrack), and a check that both answer.
  for (const url of Object.values(targets)) {
    const w = await load(netnsPath, url);
    if (!(w.requests > 0)) throw new Error(`no answer from ${url} inside the client pod: ${JSON.stringify(w)}`);
  }
  const runs = { pod: [], service: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['pod', 'service'] : ['service', 'pod'];
    for (const target of order) runs[target].push(await load(netnsPath, targets[target]));
  }
  const sum = (list, key) => list.reduce((n, x) => n + (x[key] ?? 0), 0);
  const rps = (list) => sum(list, 'requests') / sum(list, 'seconds');
  const pairRatios = runs.pod.map((p, i) => runs.service[i].rps / p.rps);
  figures.ratio = round(median(pairRatios), 3);
  figures.podIpRps = round(rps(runs.pod), 0);
  figures.clusterIpRps = round(rps(runs.service), 0);
  figures.ratioOfTotals = round(figures.clusterIpRps / figures.podIpRps, 3);
  figures.pairRatioMin = round(Math.min(...pairRatios), 3);
  figures.pairRatioMax = round(Math.max(...pairRatios), 3);
  figures.podIpP50Ms = round(median(runs.pod.map((x) => x.p50Ms)), 2);
  figures.clusterIpP50Ms = round(median(runs.service.map((x) => x.p50Ms)), 2);
  figures.errors = { pod: sum(runs.pod, 'errors'), service: sum(runs.service, 'errors') };
  figures.rounds = { pod: runs.pod.map((x) => round(x.rps, 0)), service: runs.service.map((x) => round(x.rps, 0)) };
  notes.push(
    `client: ${clientTool === 'wrk' ? `wrk -t1 -c${connections} -d${seconds}s` : `bench/lib/http-load.mjs, ${connections} connections, ${seconds} s`} inside the client pod's network namespace (node ${client.name}); servers: two identical busybox httpd pods on ${server.name} (direct: pod IP; behind: the ClusterIP's one endpoint), GET /index.html (3 bytes)`,
    'ratio: median over rounds of ClusterIP requests/s / pod-IP requests/s, the two runs of a round back to back (same client, connections and duration; rounds alternate pod-first and service-first); ratioOfTotals: over all rounds',
    `the client node's nat table holds ${figures.natRulesOnClientNode} rules; ${figures.servicesAheadOfWeb} service rules come before web's in MK8S-SERVICES`,
    'errors: socket errors (connect, read, write, timeout) and non-2xx answers',
  );
  if (!(await deletePods(admin, NS))) notes.push('cleanup: pods not gone within 60 s (their containers are removed with the nodes)');
} finally {
  await cluster.stop();
}

report('service-rps', {
  params: { rounds, seconds, connections, services, nodes: nodeCount, client: clientTool },
  figures,
  targets: { clusterIpOverPodIp: { figure: 'ratio', min: 0.9 } },
  notes,
});
