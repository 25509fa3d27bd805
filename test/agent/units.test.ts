import t from 'tap';
import { podDnsConfig, sandboxSpec } from '../../src/agent/sandbox-spec.js';
import { expandVars } from '../../src/agent/container-env.js';
import { parseQuantity } from '../../src/agent/quantity.js';
import { BackOff } from '../../src/agent/back-off.js';
import { leaseRenewIntervalMs } from '../../src/agent/lease.js';
import { EventRecorder } from '../../src/agent/event-recorder.js';
import { ManualClock } from '../../src/agent/clock.js';
import type { KubeClient } from '../../src/client/index.js';
import type { Logger } from '../../src/log.js';

const dns = { clusterDns: '10.43.0.10', clusterDomain: 'cluster.local' };
const pod = (spec: Record<string, unknown>) => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { containers: [], ...spec } });

t.test('dnsPolicy', async (t) => {
  t.same(podDnsConfig(pod({}), dns), { nameservers: ['10.43.0.10'], searches: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] });
  t.equal(podDnsConfig(pod({ hostNetwork: true }), dns), undefined, 'ClusterFirst on the host network falls back to the host');
  t.equal(podDnsConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), dns)?.nameservers?.[0], '10.43.0.10');
  t.equal(podDnsConfig(pod({ dnsPolicy: 'Default' }), dns), undefined);
  t.same(podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] } }), dns), { nameservers: ['1.1.1.1'], searches: [], options: [{ name: 'ndots', value: '2' }] });
  t.same(podDnsConfig(pod({ dnsConfig: { searches: ['x.y'], options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }] } }), dns)?.options, [{ name: 'ndots', value: '1' }, { name: 'edns0' }]);
  const spec = sandboxSpec(pod({ hostname: 'h', containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }] }), dns);
  t.match(spec, { hostname: 'h', hostNetwork: false, ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] });
  t.equal(spec.ports.length, 1);
});

t.test('$(VAR) expansion', async (t) => {
  t.equal(expandVars('$(A)-$(B)-$$(A)-$(C)', { A: '1', B: '2' }), '1-2-$(A)-$(C)');
});

t.test('quantities', async (t) => {
  t.equal(parseQuantity('500m'), 0.5);
  t.equal(parseQuantity('128Mi'), 128 * 2 ** 20);
  t.equal(parseQuantity('1G'), 1e9);
  t.equal(parseQuantity('2'), 2);
  t.throws(() => parseQuantity('lots'), RangeError);
});

t.test('back-off: immediate, then 10 s doubling to 5 min', async (t) => {
  const b = new BackOff();
  t.equal(b.wait('k', 'f1', 0), 0);
  t.equal(b.wait('k', 'f2', 0), 10_000);
  t.equal(b.wait('k', 'f2', 5_000), 5_000, 'the same failure is not counted twice');
  t.equal(b.wait('k', 'f3', 10_000), 20_000);
  for (let i = 4; i < 12; i++) b.wait('k', `f${i}`, 0);
  t.equal(b.wait('k', 'f12', 0), 300_000);
  b.reset('k');
  t.equal(b.wait('k', 'f13', 0), 0);
});

t.test('back-off: a gone pod\'s entries are forgotten, other pods\' kept', async (t) => {
  const b = new BackOff();
  b.wait('restart:uid-1:web', 'c1', 0);
  b.wait('pull:uid-1:busybox', 'failed@0', 0);
  b.wait('restart:uid-12:web', 'c2', 0);
  b.forgetPod('uid-1');
  t.equal(b.size, 1);
  t.equal(b.remaining('restart:uid-12:web', 0), 0);
  b.wait('restart:uid-12:web', 'c3', 0);
  t.equal(b.remaining('restart:uid-12:web', 0), 10_000, 'uid-12 kept its count');
});

t.test('event recorder: aggregation entries of a gone pod are forgotten after its queued events', async (t) => {
  const posted: string[] = [];
  const client = {
    call: async (_m: string, path: string, o: { body: { reason: string } }) => void posted.push(`${path} ${o.body.reason}`),
    request: async () => ({ status: 200, body: {} }),
  } as unknown as KubeClient;
  const log = { warn: () => undefined } as unknown as Logger;
  const rec = new EventRecorder(client, 'n1', new ManualClock(), log);
  const pod = (uid: string) => ({ metadata: { name: `p-${uid}`, namespace: 'ns', uid } });
  rec.record({ pod: pod('a'), type: 'Normal', reason: 'Started', message: 'm' });
  rec.record({ pod: pod('a'), type: 'Normal', reason: 'Killing', message: 'm' });
  rec.record({ pod: pod('ab'), type: 'Normal', reason: 'Started', message: 'm' });
  rec.forgetPod('a');
  await rec.flush();
  t.equal(posted.length, 3, 'every queued event was written');
  t.equal(rec.size, 1, 'only the other pod\'s entry is left');
});

t.test('lease renewal interval follows the server\'s grace period', async (t) => {
  t.equal(leaseRenewIntervalMs(undefined), 10_000, 'an older server: upstream\'s 10 s');
  t.equal(leaseRenewIntervalMs(40), 10_000, 'the default 40 s grace: 10 s');
  t.equal(leaseRenewIntervalMs(300), 10_000, 'never slower than 10 s');
  t.equal(leaseRenewIntervalMs(5), 1250, 'a 5 s grace: a quarter of it');
  t.equal(leaseRenewIntervalMs(0.1), 200, 'never faster than 200 ms');
});

