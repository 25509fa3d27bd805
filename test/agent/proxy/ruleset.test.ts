import t from 'tap';
import { buildRuleset } from '../../../src/agent/proxy/ruleset.js';
import { servicePorts } from '../../../src/agent/proxy/service-ports.js';
import { cleanupRuleset } from '../../../src/agent/proxy/cleanup.js';
import { jumpsInPlace, parseSavedTable } from '../../../src/agent/proxy/saved-rules.js';
import { serviceChain, endpointChain } from '../../../src/agent/proxy/chain-names.js';

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
