import t from 'tap';
import { buildRuleset } from '../../../src/agent/proxy/ruleset.js';
import { servicePorts } from '../../../src/agent/proxy/service-ports.js';
import { cleanupRuleset } from '../../../src/agent/proxy/cleanup.js';
import { jumpsInPlace, parseSavedTable, tableHolds } from '../../../src/agent/proxy/saved-rules.js';
import { serviceChain, endpointChain } from '../../../src/agent/proxy/chain-names.js';
import type { ProxyServicePort } from '../../../src/agent/proxy/types.js';
import { applyRestore, emptyTables, mk8sChains, savedText } from './restore-model.js';

const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ metadata: { namespace: 'ns', name: 'web' }, spec: { type: 'ClusterIP', clusterIP: '10.43.0.5', ...spec }, status });
const slice = (endpoints: Record<string, unknown>[], ports = [{ name: 'http', port: 8080, protocol: 'TCP' }]) => ({
  metadata: { namespace: 'ns', name: 'web-abcde', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', ports, endpoints,
});
const ep = (ip: string, ready?: boolean) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready } });

t.test('services and slices become service ports', async (t) => {
  const ports = servicePorts(svc({ type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] }), [
    slice([ep('10.42.1.6'), ep('10.42.0.5', true), ep('10.42.0.9', false)]),
    slice([ep('10.42.0.5')]),
  ]);
  t.same(ports, [
    { name: 'ns/web:http', protocol: 'tcp', clusterIp: '10.43.0.5', port: 80, nodePort: 30080, externalIps: [], endpoints: [{ ip: '10.42.0.5', port: 8080 }, { ip: '10.42.1.6', port: 8080 }] },
    { name: 'ns/web:dns', protocol: 'udp', clusterIp: '10.43.0.5', port: 53, nodePort: 0, externalIps: [], endpoints: [] },
  ], 'not-ready left out, duplicates merged, ports matched by name and protocol');
  t.same(servicePorts(svc({ clusterIP: 'None', ports: [{ port: 80 }] }), []), [], 'headless');
  t.same(servicePorts(svc({ type: 'ExternalName', externalName: 'x.example' }), []), [], 'ExternalName');
  const lb = servicePorts(svc({ type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80, nodePort: 31000 }] }, { loadBalancer: { ingress: [{ ip: '192.168.1.3' }] } }), [], { nodeIps: ['192.168.1.2'] });
  t.match(lb[0], { name: 'ns/web', externalIps: ['192.168.1.2', '192.168.1.3'], nodePort: 31000, affinitySeconds: 10800 });
});

const web = { name: 'ns/web:http', protocol: 'tcp' as const, clusterIp: '10.43.0.5', port: 80, nodePort: 30080, externalIps: [], endpoints: [{ ip: '10.42.0.5', port: 8080 }, { ip: '10.42.1.6', port: 8080 }, { ip: '10.42.1.7', port: 8080 }] };

t.test('exact restore text: ClusterIP + NodePort over three endpoints', async (t) => {
  const svcChain = serviceChain(web);
  const [a, b, c] = web.endpoints.map((e) => endpointChain(web, e));
  const { text, chains } = buildRuleset([web], { clusterCidr: '10.42.0.0/16' });
  t.equal(text, [
    '*nat',
    ':MK8S-SERVICES - [0:0]', ':MK8S-NODEPORTS - [0:0]', ':MK8S-POSTROUTING - [0:0]', ':MK8S-MARK-MASQ - [0:0]',
    `:${svcChain} - [0:0]`, `:${a} - [0:0]`, `:${b} - [0:0]`, `:${c} - [0:0]`,
    '-A MK8S-POSTROUTING -m comment --comment "mk8s pod traffic leaving the cluster" -s 10.42.0.0/16 ! -d 10.42.0.0/16 -j MASQUERADE --random-fully',
    '-A MK8S-POSTROUTING -m mark ! --mark 0x2000/0x2000 -j RETURN',
    '-A MK8S-POSTROUTING -j MARK --xor-mark 0x2000',
    '-A MK8S-POSTROUTING -m comment --comment "mk8s service traffic requiring SNAT" -j MASQUERADE --random-fully',
    '-A MK8S-MARK-MASQ -j MARK --or-mark 0x2000',
    `-A MK8S-SERVICES -m comment --comment "ns/web:http cluster IP" -p tcp -m tcp -d 10.43.0.5/32 --dport 80 -j ${svcChain}`,
    '-A MK8S-NODEPORTS -m comment --comment "ns/web:http" -p tcp -m tcp --dport 30080 -j MK8S-MARK-MASQ',
    `-A MK8S-NODEPORTS -m comment --comment "ns/web:http" -p tcp -m tcp --dport 30080 -j ${svcChain}`,
    `-A ${svcChain} -m comment --comment "ns/web:http cluster IP" -p tcp -m tcp -d 10.43.0.5/32 --dport 80 ! -s 10.42.0.0/16 -j MK8S-MARK-MASQ`,
    `-A ${svcChain} -m comment --comment "ns/web:http -> 10.42.0.5:8080" -m statistic --mode random --probability 0.3333333333 -j ${a}`,
    `-A ${svcChain} -m comment --comment "ns/web:http -> 10.42.1.6:8080" -m statistic --mode random --probability 0.5000000000 -j ${b}`,
    `-A ${svcChain} -m comment --comment "ns/web:http -> 10.42.1.7:8080" -j ${c}`,
    `-A ${a} -m comment --comment "ns/web:http" -s 10.42.0.5/32 -j MK8S-MARK-MASQ`,
    `-A ${a} -m comment --comment "ns/web:http" -p tcp -m tcp -j DNAT --to-destination 10.42.0.5:8080`,
    `-A ${b} -m comment --comment "ns/web:http" -s 10.42.1.6/32 -j MK8S-MARK-MASQ`,
    `-A ${b} -m comment --comment "ns/web:http" -p tcp -m tcp -j DNAT --to-destination 10.42.1.6:8080`,
    `-A ${c} -m comment --comment "ns/web:http" -s 10.42.1.7/32 -j MK8S-MARK-MASQ`,
    `-A ${c} -m comment --comment "ns/web:http" -p tcp -m tcp -j DNAT --to-destination 10.42.1.7:8080`,
    '-A MK8S-SERVICES -m comment --comment "mk8s service nodeports; must be the last rule in this chain" ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j MK8S-NODEPORTS',
    'COMMIT',
    '*filter',
    ':MK8S-SERVICES - [0:0]', ':MK8S-FORWARD - [0:0]',
    '-A MK8S-FORWARD -m comment --comment "mk8s forwarding rules" -m mark --mark 0x2000/0x2000 -j ACCEPT',
    '-A MK8S-FORWARD -m comment --comment "mk8s pod traffic" -s 10.42.0.0/16 -j ACCEPT',
    '-A MK8S-FORWARD -m comment --comment "mk8s pod traffic" -d 10.42.0.0/16 -j ACCEPT',
    '-A MK8S-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n'));
  t.same(chains.nat, ['MK8S-SERVICES', 'MK8S-NODEPORTS', 'MK8S-POSTROUTING', 'MK8S-MARK-MASQ', svcChain, a, b, c]);
  t.match(svcChain, /^MK8S-SVC-[0-9A-F]{16}$/);
  t.ok(svcChain.length <= 28);
});

t.test('no endpoints: REJECT in filter, nothing in nat', async (t) => {
  const empty = { ...web, externalIps: ['192.168.1.2'], endpoints: [] };
  const { text } = buildRuleset([empty]);
  t.notMatch(text, /MK8S-SVC-/);
  t.match(text, '-A MK8S-SERVICES -m comment --comment "ns/web:http has no endpoints" -p tcp -m tcp -d 10.43.0.5/32 --dport 80 -j REJECT\n');
  t.match(text, '-A MK8S-SERVICES -m comment --comment "ns/web:http has no endpoints" -p tcp -m tcp -d 192.168.1.2/32 --dport 80 -j REJECT\n');
  t.match(text, '-A MK8S-SERVICES -m comment --comment "ns/web:http has no endpoints" ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -j REJECT\n');
});

t.test('session affinity, external IPs, UDP', async (t) => {
  const sp = { ...web, protocol: 'udp' as const, nodePort: 0, externalIps: ['192.168.1.2'], affinitySeconds: 60, endpoints: [web.endpoints[0]!] };
  const svcChain = serviceChain(sp);
  const sep = endpointChain(sp, sp.endpoints[0]!);
  const { text } = buildRuleset([sp]);
  t.match(text, `-A MK8S-SERVICES -m comment --comment "ns/web:http external IP" -p udp -m udp -d 192.168.1.2/32 --dport 80 -j MK8S-MARK-MASQ\n-A MK8S-SERVICES -m comment --comment "ns/web:http external IP" -p udp -m udp -d 192.168.1.2/32 --dport 80 -j ${svcChain}\n`);
  t.match(text, `-A ${svcChain} -m comment --comment "ns/web:http cluster IP" -p udp -m udp -d 10.43.0.5/32 --dport 80 -j MK8S-MARK-MASQ\n`, 'no cluster CIDR: masquerade everything');
  t.match(text, `-m recent --name ${sep} --mask 255.255.255.255 --rsource --rcheck --seconds 60 --reap -j ${sep}\n`);
  t.match(text, `-A ${sep} -m comment --comment "ns/web:http" -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -p udp -m udp -j DNAT --to-destination 10.42.0.5:8080\n`);
});

const savedNat = `# Generated by iptables-save
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
:MK8S-SERVICES - [0:0]
:MK8S-POSTROUTING - [0:0]
:MK8S-SVC-OLD - [0:0]
-A PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -m comment --comment "mk8s postrouting rules" -j MK8S-POSTROUTING
-A MK8S-SERVICES -j MK8S-SVC-OLD
COMMIT
`;

t.test('stale chains and jumps', async (t) => {
  const saved = parseSavedTable(savedNat);
  t.same(saved.chains, ['MK8S-SERVICES', 'MK8S-POSTROUTING', 'MK8S-SVC-OLD']);
  t.same(saved.jumps, ['-A PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES', '-A POSTROUTING -m comment --comment "mk8s postrouting rules" -j MK8S-POSTROUTING']);
  t.notOk(jumpsInPlace('nat', saved), 'the OUTPUT jump is missing');
  const filter = '*filter\n-A INPUT -m comment --comment "mk8s service portals" -j MK8S-SERVICES\n-A FORWARD -j MK8S-SERVICES\n-A FORWARD -j MK8S-FORWARD\n-A OUTPUT -j MK8S-SERVICES\nCOMMIT\n';
  t.ok(jumpsInPlace('filter', parseSavedTable(filter)), 'filter jumps in the order iptables-save prints the built-in chains');
  t.notOk(jumpsInPlace('filter', parseSavedTable(filter.replace('-A FORWARD -j MK8S-SERVICES\n-A FORWARD -j MK8S-FORWARD', '-A FORWARD -j MK8S-FORWARD\n-A FORWARD -j MK8S-SERVICES'))), 'but in the wanted order within a chain');
  const { text } = buildRuleset([], { staleChains: { nat: saved.chains, filter: [] }, jumps: { nat: saved.jumps } });
  t.match(text, ':MK8S-SVC-OLD - [0:0]\n-D PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES\n-D POSTROUTING -m comment --comment "mk8s postrouting rules" -j MK8S-POSTROUTING\n-I POSTROUTING 1 -m comment --comment "mk8s postrouting rules" -j MK8S-POSTROUTING\n-I OUTPUT 1 ');
  t.match(text, '-X MK8S-SVC-OLD\nCOMMIT\n*filter');
  t.notMatch(text, '-X MK8S-SERVICES');
  t.notMatch(text, 'DOCKER');
});

t.test('cleanup text: only mk8s chains and jumps', async (t) => {
  t.equal(cleanupRuleset({ nat: savedNat, filter: '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' }), [
    '*nat', ':MK8S-SERVICES - [0:0]', ':MK8S-POSTROUTING - [0:0]', ':MK8S-SVC-OLD - [0:0]',
    '-D PREROUTING -m comment --comment "mk8s service portals" -j MK8S-SERVICES',
    '-D POSTROUTING -m comment --comment "mk8s postrouting rules" -j MK8S-POSTROUTING',
    '-X MK8S-SERVICES', '-X MK8S-POSTROUTING', '-X MK8S-SVC-OLD', 'COMMIT', '',
  ].join('\n'));
  t.equal(cleanupRuleset({ nat: '*nat\nCOMMIT\n', filter: '' }), '', 'nothing to do');
});

t.test('partial restore: only the chains that changed, and the same end state as a full one', async (t) => {
  const port = (i: number, endpoints: number, nodePort = 0): ProxyServicePort => ({
    name: `ns/svc-${i}:http`, protocol: 'tcp', clusterIp: `10.43.1.${i}`, port: 80, nodePort, externalIps: [],
    endpoints: Array.from({ length: endpoints }, (_, e) => ({ ip: `10.42.${e}.${i}`, port: 8080 })),
  });
  const opts = { clusterCidr: '10.42.0.0/16' };
  const before = [port(1, 3, 30001), port(2, 2), port(3, 1)];
  const full = buildRuleset(before, opts);
  t.equal(full.chainsWritten, full.chains.nat.length + full.chains.filter.length, 'a full restore writes every chain');
  const kernel = emptyTables();
  applyRestore(kernel, full.text);
  t.same(Object.keys(mk8sChains(kernel).nat), full.chains.nat);

  const same = buildRuleset(before, { ...opts, previous: full.contents });
  t.equal(same.text, '', 'nothing changed: nothing to restore');
  t.equal(same.chainsWritten, 0);

  // One endpoint of svc-1 becomes not ready: its SVC chain is rewritten, the SEP chain deleted.
  const fewer = [port(1, 2, 30001), port(2, 2), port(3, 1)];
  const gone = endpointChain(fewer[0]!, { ip: '10.42.2.1', port: 8080 });
  const partial = buildRuleset(fewer, { ...opts, previous: full.contents });
  t.same(partial.text.split('\n').filter((l) => l.startsWith(':')), [`:${serviceChain(fewer[0]!)} - [0:0]`, `:${gone} - [0:0]`], 'declares the service chain and the gone endpoint chain only');
  t.match(partial.text, `-X ${gone}\nCOMMIT\n`);
  t.notMatch(partial.text, '*filter', 'the filter table is not touched');
  t.notMatch(partial.text, '-A MK8S-SERVICES');
  t.equal(partial.chainsWritten, 1);
  applyRestore(kernel, partial.text);
  t.same(mk8sChains(kernel), mk8sChains(fromScratch(fewer)), 'same chains and rules as a full restore of the new state');

  // svc-2 loses every endpoint, svc-4 appears, svc-3 goes: the top-level chains change too.
  const after = [port(1, 2, 30001), port(2, 0), port(4, 2, 30004)];
  const next = buildRuleset(after, { ...opts, previous: partial.contents });
  t.match(next.text, ':MK8S-SERVICES - [0:0]');
  t.match(next.text, '*filter\n:MK8S-SERVICES - [0:0]\n-A MK8S-SERVICES -m comment --comment "ns/svc-2:http has no endpoints"');
  t.notMatch(next.text, `:${serviceChain(after[0]!)} `, 'unchanged service chains are left alone');
  applyRestore(kernel, next.text);
  t.same(mk8sChains(kernel), mk8sChains(fromScratch(after)), 'and again the state of a full restore');

});

function fromScratch(ports: ProxyServicePort[]) {
  const tables = emptyTables();
  applyRestore(tables, buildRuleset(ports, { clusterCidr: '10.42.0.0/16' }).text);
  return tables;
}

t.test('read-back check: chains, rule counts and jumps', async (t) => {
  const { text, contents } = buildRuleset([web], { clusterCidr: '10.42.0.0/16', jumps: { nat: [], filter: [] } });
  const kernel = emptyTables();
  applyRestore(kernel, text);
  const saved = (which: 'nat' | 'filter') => parseSavedTable(savedText(kernel, which));
  t.ok(tableHolds('nat', saved('nat'), contents.nat), 'nat holds what was written');
  t.ok(tableHolds('filter', saved('filter'), contents.filter), 'filter holds what was written');
  kernel.nat.set(serviceChain(web), []);
  t.notOk(tableHolds('nat', saved('nat'), contents.nat), 'a flushed chain');
  applyRestore(kernel, text);
  kernel.nat.get('PREROUTING')!.splice(0, 1);
  t.notOk(tableHolds('nat', saved('nat'), contents.nat), 'a jump gone');
  kernel.filter.set('MK8S-EXTRA', []);
  t.notOk(tableHolds('filter', saved('filter'), contents.filter), 'an unknown mk8s chain');
  kernel.filter.delete('MK8S-EXTRA');
  kernel.filter.get('MK8S-FORWARD')!.push('-j ACCEPT');
  t.notOk(tableHolds('filter', saved('filter'), contents.filter), 'a rule more');
});
