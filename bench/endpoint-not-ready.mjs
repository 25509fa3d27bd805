/**
 * Time from an endpoint becoming not ready to the rule change on every node (issue 5: ≤ 1 s).
 * A cluster of separate "machines" on this host (bench/lib/netns-cluster.mjs: `mk8s server`
 * plus --nodes agents, each in its own network namespace on one LAN). One busybox httpd
 * pod per node behind Service `web`, each with an httpGet readiness probe on /ready (period 1 s,
 * failure threshold 1), and --services − 1 more Services in front of a filler pod so the proxy
 * has a realistic table. Each repetition makes one web pod not ready (its /cgi-bin/down removes
 * /ready; the pod alternates between nodes), then ready again, and times on every node:
 *  - notReadyToRulesMs: from the pod's Ready=False arriving on a watch of the API to the node's
 *    nat table no longer holding the DNAT rule to that pod: `iptables -t nat -S <its MK8S-SEP-
 *    chain>` inside the node's namespace, polled --pollMs apart (an upper bound: the end of the
 *    first poll without it). The chain holding the rule is found with `iptables-save -t nat` at
 *    the start, and after every change a full `iptables-save -t nat` confirms no DNAT rule to
 *    the pod is left anywhere (or one is back). Listing one chain takes milliseconds where the
 *    whole table takes a quarter of a second at a thousand services;
 *  - readyToRulesMs: the same from Ready=True back to the rule being there again.
 * Also: notReadyToSliceMs (the EndpointSlice controller's share, from a watch of the slices) and
 * triggerToNotReadyMs (the readiness probe's detection, up to one probe period).
 *   node bench/endpoint-not-ready.mjs [--quick] [--reps=10] [--services=100] [--nodes=2] [--pollMs=20]
 * Needs root, containerd, runc, the CNI plugins and busybox-static.
 */
import { parseArgs, sized } from './lib/args.mjs';
import { clusterIpService, createAll, deletePods, getJson, httpdPod, natRules, waitPodsReady, waitRules } from './lib/cluster-objects.mjs';
import { openJsonWatch } from './lib/json-watch.mjs';
import { startNetnsCluster } from './lib/netns-cluster.mjs';
import { runProcess } from './lib/node-cleanup.mjs';
import { percentile, report, round } from './lib/report.mjs';

const opts = parseArgs();
const num = (name, full, quick) => (typeof opts[name] === 'number' ? opts[name] : opts.quick ? quick : full);
const reps = num('reps', 10, 3);
const services = sized(opts, 'services', 100, 1);
const nodeCount = Math.max(2, num('nodes', 2, 2));
const pollMs = num('pollMs', 20, 20);
const NS = 'bench';
const TIMEOUT_MS = 30_000;

/** Does the node's nat chain `chain` exist and hold `rule`? (`iptables -S` of a missing chain fails.) */
async function chainHas(node, chain, rule) {
  const r = await runProcess(...node.command('iptables', ['-t', 'nat', '-S', chain]), { timeoutMs: 20_000 });
  return r.code === 0 && r.stdout.includes(rule);
}

/** Polls until `want(chainHas(...))` holds; resolves with the end time of that poll and the poll durations. */
async function pollNode(node, chain, rule, want, deadline) {
  const durations = [];
  for (;;) {
    const started = performance.now();
    const has = await chainHas(node, chain, rule);
    const ended = performance.now();
    durations.push(ended - started);
    if (want(has)) return { at: ended, durations };
    if (ended > deadline) throw new Error(`${node.name}: rule "${rule}" still ${has ? 'present' : 'absent'} after ${TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** GET http://<pod IP>:8080<path> from inside the node's network namespace (the node reaches its pods). */
async function trigger(node, ip, path) {
  const script = "require('http').get(process.argv[1], { insecureHTTPParser: true }, (r) => { r.resume(); r.on('end', () => process.exit(r.statusCode === 200 ? 0 : 1)); }).on('error', (e) => { console.error(e.message); process.exit(2); })";
  const r = await runProcess(...node.command(process.execPath, ['-e', script, `http://${ip}:8080${path}`]), { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`GET http://${ip}:8080${path} from ${node.name}: exit ${r.code} ${r.stderr}`);
}

const cluster = await startNetnsCluster({ nodes: nodeCount });
const figures = {};
const notes = [];
let podWatch;
let sliceWatch;
try {
  const { admin, nodes, server } = cluster;
  const webNames = nodes.map((_, i) => `web-${i}`);
  const fillers = Array.from({ length: services - 1 }, (_, i) => clusterIpService(`a-${String(i).padStart(4, '0')}`, { app: 'filler' }));
  await createAll(admin, NS, {
    pods: [...nodes.map((n, i) => httpdPod(webNames[i], n.name, { app: 'web' }, { readiness: 'file' })), httpdPod('filler', nodes[nodes.length - 1].name, { app: 'filler' })],
    services: [clusterIpService('web', { app: 'web' }), ...fillers],
  });
  const pods = await waitPodsReady(admin, NS, [...webNames, 'filler']);
  const ipOf = Object.fromEntries(webNames.map((n) => [n, pods[n].status.podIP]));
  const ruleOf = (name) => `--to-destination ${ipOf[name]}:8080`;
  await waitRules(nodes, (nat) => webNames.every((n) => nat.includes(ruleOf(n))) && (nat.match(/^-A MK8S-SERVICES .* -j MK8S-SVC-/gm) ?? []).length >= services, `${services} services with endpoints`, 120_000);
  const saved = await natRules(nodes[0]);
  figures.natRulesPerNode = saved.split('\n').filter((l) => l.startsWith('-A ')).length;
  // The MK8S-SEP- chain holding each web pod's DNAT rule (the same name on every node, and again once the endpoint is back).
  const chainOf = Object.fromEntries(webNames.map((n) => {
    const line = saved.split('\n').find((l) => l.startsWith('-A MK8S-SEP-') && l.includes(ruleOf(n)));
    if (!line) throw new Error(`no DNAT rule to ${ipOf[n]}:8080 in ${nodes[0].name}'s nat table`);
    return [n, line.split(' ')[1]];
  }));

  // Ready transitions of the web pods and of their endpoints in web's slices, as the watches see
  // them (each watch starts where its list, which gives the starting state, ended).
  const isReady = (pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const podReady = new Map();
  const podEvents = [];
  const podList = await getJson(admin, `/api/v1/namespaces/${NS}/pods`);
  for (const p of podList.items) podReady.set(p.metadata.name, isReady(p));
  podWatch = openJsonWatch(server, `/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=${podList.metadata.resourceVersion}`, (ev, at) => {
    const ready = isReady(ev.object);
    const name = ev.object.metadata.name;
    if (podReady.get(name) !== ready) podEvents.push({ name, ready, at });
    podReady.set(name, ready);
  });
  const sliceReady = new Map();
  const sliceEvents = [];
  const onSlice = (slice, at) => {
    for (const ep of slice.endpoints ?? []) {
      const ready = ep.conditions?.ready !== false;
      for (const ip of ep.addresses ?? []) {
        if (at !== undefined && sliceReady.get(ip) !== ready) sliceEvents.push({ ip, ready, at });
        sliceReady.set(ip, ready);
      }
    }
  };
  const slicePath = `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb`;
  const sliceList = await getJson(admin, slicePath);
  for (const sl of sliceList.items) onSlice(sl, undefined);
  sliceWatch = openJsonWatch(server, `${slicePath}&watch=1&resourceVersion=${sliceList.metadata.resourceVersion}`, (ev, at) => onSlice(ev.object, at));
  if ((await podWatch.opened) !== 200 || (await sliceWatch.opened) !== 200) throw podWatch.error ?? sliceWatch.error ?? new Error('watch failed');
  await podWatch.until(() => webNames.every((n) => podReady.get(n) === true), TIMEOUT_MS, 'the web pods Ready on the watch');

  const down = Object.fromEntries(nodes.map((n) => [n.name, []]));
  const up = Object.fromEntries(nodes.map((n) => [n.name, []]));
  const detect = [];
  const toSlice = [];
  const pollDurations = [];
  for (let k = 0; k < reps; k++) {
    const i = k % nodes.length;
    const name = webNames[i];
    const ip = ipOf[name];
    for (const ready of [false, true]) {
      const seen = podEvents.length;
      const sliceSeen = sliceEvents.length;
      const deadline = performance.now() + TIMEOUT_MS;
      const polls = Promise.all(nodes.map((node) => pollNode(node, chainOf[name], ruleOf(name), (has) => has === ready, deadline)));
      polls.catch(() => undefined); // awaited below; a failure there ends the run (and cleans up)
      const triggeredAt = performance.now();
      await trigger(nodes[i], ip, ready ? '/cgi-bin/up' : '/cgi-bin/down');
      await podWatch.until(() => podEvents.slice(seen).some((e) => e.name === name && e.ready === ready), TIMEOUT_MS, `${name} Ready=${ready}`);
      const t0 = podEvents.slice(seen).find((e) => e.name === name && e.ready === ready).at;
      const results = await polls;
      await sliceWatch.until(() => sliceEvents.slice(sliceSeen).some((e) => e.ip === ip && e.ready === ready), TIMEOUT_MS, `${ip} ready=${ready} in web's slice`);
      const tSlice = sliceEvents.slice(sliceSeen).find((e) => e.ip === ip && e.ready === ready).at;
      nodes.forEach((node, n) => (ready ? up : down)[node.name].push(results[n].at - t0));
      for (const node of nodes) {
        if ((await natRules(node)).includes(ruleOf(name)) !== ready) throw new Error(`${node.name}: iptables-save -t nat ${ready ? 'lacks' : 'still has'} a DNAT rule to ${ip}:8080 after ${chainOf[name]} ${ready ? 'came back' : 'went'}`);
      }
      for (const r of results) pollDurations.push(...r.durations);
      if (!ready) {
        detect.push(t0 - triggeredAt);
        toSlice.push(tSlice - t0);
      }
    }
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const summary = (a) => ({ p50: round(percentile(sorted(a), 50)), max: round(Math.max(...a)) });
  const allDown = Object.values(down).flat();
  const allUp = Object.values(up).flat();
  figures.notReadyToRulesP50Ms = round(percentile(sorted(allDown), 50));
  figures.notReadyToRulesMaxMs = round(Math.max(...allDown));
  figures.readyToRulesP50Ms = round(percentile(sorted(allUp), 50));
  figures.readyToRulesMaxMs = round(Math.max(...allUp));
  figures.perNode = Object.fromEntries(nodes.map((n) => [n.name, { notReadyToRules: summary(down[n.name]), readyToRules: summary(up[n.name]) }]));
  figures.notReadyToSliceP50Ms = round(percentile(sorted(toSlice), 50));
  figures.notReadyToSliceMaxMs = round(Math.max(...toSlice));
  figures.triggerToNotReadyP50Ms = round(percentile(sorted(detect), 50));
  figures.pollP50Ms = round(percentile(sorted(pollDurations), 50));
  figures.notReadyToRulesMs = Object.fromEntries(nodes.map((n) => [n.name, down[n.name].map((v) => round(v, 0))]));
  notes.push(
    `${reps} repetitions, the not-ready pod alternating over ${nodes.length} nodes (pod on node i: node i is local, the others remote); every node measured every time`,
    `rules: each node's iptables -t nat -S <the pod's MK8S-SEP- chain> inside its network namespace, polls ${pollMs} ms apart; a time is the end of the first poll showing the change (upper bound; a poll takes about ${figures.pollP50Ms} ms here); a full iptables-save -t nat after each change confirms it`,
    't0: the pod\'s Ready condition flipping on a watch of the API (as the kubelet wrote it); the path to the rules is the EndpointSlice controller, the agents\' watches, the proxy (50 ms debounce, one iptables-restore)',
    'triggerToNotReadyMs: /cgi-bin/down answered to Ready=False on the watch: the readiness probe (period 1 s, failure threshold 1), not part of the target',
  );
  if (!(await deletePods(admin, NS))) notes.push('cleanup: pods not gone within 60 s (their containers are removed with the nodes)');
} finally {
  podWatch?.close();
  sliceWatch?.close();
  await cluster.stop();
}

report('endpoint-not-ready', {
  params: { reps, services, nodes: nodeCount, pollMs },
  figures,
  targets: { notReadyToRulesEveryNode: { figure: 'notReadyToRulesMaxMs', max: 1000, unit: ' ms' } },
  notes,
});
