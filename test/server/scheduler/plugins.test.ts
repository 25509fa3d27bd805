import t from 'tap';
import { DEFAULT_PLUGINS, failureMessage, findNode, newCycleStateForTest, podInfoOf } from './plugin-harness.js';
import { node, nodeInfos, pod, podKey } from './scheduler-fixtures.js';
import { nodeReady } from '../../../src/server/scheduler/plugins/node-ready.js';
import { nodeUnschedulable } from '../../../src/server/scheduler/plugins/node-unschedulable.js';
import { nodeResourcesFit } from '../../../src/server/scheduler/plugins/node-resources-fit.js';
import { nodeAffinityFilter, nodeAffinityScore } from '../../../src/server/scheduler/plugins/node-affinity.js';
import { taintTolerationFilter, taintTolerationScore } from '../../../src/server/scheduler/plugins/taint-toleration.js';
import { nodePorts } from '../../../src/server/scheduler/plugins/node-ports.js';
import { interPodAffinityFilter } from '../../../src/server/scheduler/plugins/inter-pod-affinity.js';
import { interPodAffinityScore } from '../../../src/server/scheduler/plugins/inter-pod-affinity-score.js';
import { podTopologySpread } from '../../../src/server/scheduler/plugins/pod-topology-spread.js';
import { balancedAllocation, leastAllocated } from '../../../src/server/scheduler/plugins/resource-scores.js';
import { selectorSpread } from '../../../src/server/scheduler/plugins/selector-spread.js';

const info = (p: any) => podInfoOf(podKey(p), p);

t.test('NodeReady and NodeUnschedulable', async (t) => {
  const { get, infos } = nodeInfos([node('ok'), node('down', { ready: 'False' }), node('gone', { ready: 'Unknown' }), node('cordoned', { unschedulable: true })]);
  const s = newCycleStateForTest(infos);
  const p = info(pod('p'));
  t.equal(nodeReady.filter(p, get('ok'), s), undefined);
  t.equal(nodeReady.filter(p, get('down'), s), 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
  t.equal(nodeReady.filter(p, get('gone'), s), 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }');
  const tolerant = info(pod('d', { spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] } }));
  t.equal(nodeReady.filter(tolerant, get('down'), s), undefined, 'tolerating pods may go to a not-ready node');
  t.equal(nodeUnschedulable.filter(p, get('cordoned'), s), 'node(s) were unschedulable');
  t.equal(nodeUnschedulable.filter(p, get('ok'), s), undefined);
});

t.test('NodeResourcesFit counts bound pods', async (t) => {
  const { get, infos } = nodeInfos([node('n', { cpu: '1', memory: '1Gi', pods: '2' })], [pod('a', { cpu: '600m', memory: '512Mi', nodeName: 'n' })]);
  const s = newCycleStateForTest(infos);
  t.equal(nodeResourcesFit.filter(info(pod('fits', { cpu: '400m', memory: '512Mi' })), get('n'), s), undefined);
  t.same(nodeResourcesFit.filter(info(pod('big', { cpu: '500m', memory: '600Mi' })), get('n'), s), ['Insufficient cpu', 'Insufficient memory']);
  const full = nodeInfos([node('n', { pods: '1' })], [pod('a', { nodeName: 'n' })]);
  t.same(nodeResourcesFit.filter(info(pod('x')), full.get('n'), s), ['Too many pods']);
  const done = pod('done', { cpu: '1', nodeName: 'n' });
  done.status = { phase: 'Succeeded' };
  const freed = nodeInfos([node('n', { cpu: '1' })], [done]);
  t.equal(nodeResourcesFit.filter(info(pod('y', { cpu: '1' })), freed.get('n'), s), undefined, 'terminal pods hold nothing');
});

t.test('NodeAffinity: nodeSelector, required terms, matchFields, Gt/Lt, preferred score', async (t) => {
  const { get, infos } = nodeInfos([node('a', { labels: { disk: 'ssd', gen: '5' } }), node('b', { labels: { disk: 'hdd', gen: '3' } })]);
  const s = newCycleStateForTest(infos);
  const bySelector = info(pod('p', { spec: { nodeSelector: { disk: 'ssd' } } }));
  t.equal(nodeAffinityFilter.filter(bySelector, get('a'), s), undefined);
  t.equal(nodeAffinityFilter.filter(bySelector, get('b'), s), "node(s) didn't match Pod's node affinity/selector");
  const req = (terms: any[]) => info(pod('q', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } }));
  const cases: [any[], string[]][] = [
    [[{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] }], ['b']],
    [[{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] }], ['a']],
    [[{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }], ['a']],
    [[{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }], ['b']],
    [[{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }], []],
    [[{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }], ['a', 'b']],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }], ['b']],
    [[{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }], ['a']],
  ];
  for (const [terms, want] of cases) {
    const p = req(terms);
    t.same(['a', 'b'].filter((n) => nodeAffinityFilter.filter(p, get(n), s) === undefined), want, JSON.stringify(terms));
  }
  const pref = info(pod('r', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    { weight: 5, preference: { matchExpressions: [{ key: 'gen', operator: 'Exists' }] } },
  ] } } } }));
  const scores = ['a', 'b'].map((n) => nodeAffinityScore.score(pref, get(n), s));
  t.same(scores, [15, 5]);
  nodeAffinityScore.normalize!(scores);
  t.same(scores, [100, (5 * 100) / 15]);
});

t.test('TaintToleration: NoSchedule/NoExecute filter, PreferNoSchedule score', async (t) => {
  const { get, infos } = nodeInfos([
    node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }),
    node('soft', { taints: [{ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }] }),
  ]);
  const s = newCycleStateForTest(infos);
  const p = info(pod('p'));
  t.equal(taintTolerationFilter.filter(p, get('cp'), s), 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
  t.equal(taintTolerationFilter.filter(p, get('gpu'), s), 'node(s) had untolerated taint {gpu: true}');
  t.equal(taintTolerationFilter.filter(p, get('soft'), s), undefined);
  const tol = info(pod('q', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true' }, { operator: 'Exists', effect: 'NoSchedule' }] } }));
  t.equal(taintTolerationFilter.filter(tol, get('gpu'), s), undefined);
  t.equal(taintTolerationFilter.filter(tol, get('cp'), s), undefined);
  const wrongValue = info(pod('w', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'false', effect: 'NoExecute' }] } }));
  t.ok(taintTolerationFilter.filter(wrongValue, get('gpu'), s));
  const scores = ['cp', 'soft'].map((n) => taintTolerationScore.score(p, get(n), s));
  taintTolerationScore.normalize!(scores);
  t.same(scores, [100, 0], 'the PreferNoSchedule node scores lowest');
});

t.test('NodePorts', async (t) => {
  const withPort = (name: string, port: number, extra: any = {}) => pod(name, { ...extra, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: port, protocol: 'TCP' }] }], ...(extra.spec ?? {}) } });
  const { get, infos } = nodeInfos([node('n')], [withPort('a', 8080, { nodeName: 'n' })]);
  const s = newCycleStateForTest(infos);
  t.equal(nodePorts.filter(info(withPort('b', 8080)), get('n'), s), "node(s) didn't have free ports for the requested pod ports");
  t.equal(nodePorts.filter(info(withPort('c', 8081)), get('n'), s), undefined);
});

t.test('InterPodAffinity: required affinity, anti-affinity, existing anti-affinity', async (t) => {
  const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
  const db = pod('db', { labels: { app: 'db' }, nodeName: 'a1' });
  const loner = pod('loner', { labels: { app: 'loner' }, nodeName: 'b1', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] } } } });
  const { get, infos, cache } = nodeInfos([node('a1', { labels: zone('a') }), node('a2', { labels: zone('a') }), node('b1', { labels: zone('b') })], [db, loner]);
  const fits = (p: any) => {
    const s = newCycleStateForTest(infos, cache.podsWithAntiAffinity);
    return ['a1', 'a2', 'b1'].map((n) => interPodAffinityFilter.filter(info(p), get(n), s) ?? 'ok');
  };
  const nearDb = pod('w', { labels: { app: 'x' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'db' } } }] } } } });
  t.same(fits(nearDb), ['ok', 'ok', "node(s) didn't match pod affinity rules"]);
  const awayFromDb = pod('v', { labels: { app: 'x' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'db' } } }] } } } });
  t.same(fits(awayFromDb), ["node(s) didn't match pod anti-affinity rules", "node(s) didn't match pod anti-affinity rules", 'ok']);
  t.same(fits(pod('web', { labels: { app: 'web' } })), ['ok', 'ok', "node(s) didn't satisfy existing pods anti-affinity rules"]);
  const first = pod('c1', { labels: { app: 'cache' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'cache' } } }] } } } });
  t.same(fits(first), ['ok', 'ok', 'ok'], 'the first pod of a self-affine group goes anywhere');
});

t.test('InterPodAffinity score: preferred terms', async (t) => {
  const { get, infos } = nodeInfos([node('n1'), node('n2')], [pod('db', { labels: { app: 'db' }, nodeName: 'n1' })]);
  const s = newCycleStateForTest(infos);
  const p = info(pod('w', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } } }] } } } }));
  const scores = ['n1', 'n2'].map((n) => interPodAffinityScore.score(p, get(n), s));
  interPodAffinityScore.normalize!(scores);
  t.same(scores, [100, 0]);
  const anti = info(pod('v', { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } } }] } } } }));
  const s2 = newCycleStateForTest(infos);
  const anti2 = ['n1', 'n2'].map((n) => interPodAffinityScore.score(anti, get(n), s2));
  interPodAffinityScore.normalize!(anti2);
  t.same(anti2, [0, 100]);
});

t.test('PodTopologySpread DoNotSchedule', async (t) => {
  const zone = (z: string) => ({ zone: z });
  const bound = [pod('a', { labels: { app: 'w' }, nodeName: 'z1' }), pod('b', { labels: { app: 'w' }, nodeName: 'z1' }), pod('c', { labels: { app: 'w' }, nodeName: 'z2' })];
  const { get, infos } = nodeInfos([node('z1', { labels: zone('1') }), node('z2', { labels: zone('2') }), node('z3', { labels: zone('3') }), node('nolabel')], bound);
  const p = info(pod('d', { labels: { app: 'w' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }] } }));
  const s = newCycleStateForTest(infos);
  t.same(['z1', 'z2', 'z3', 'nolabel'].map((n) => podTopologySpread.filter(p, get(n), s) ?? 'ok'), [
    "node(s) didn't match pod topology spread constraints",
    "node(s) didn't match pod topology spread constraints",
    'ok',
    "node(s) didn't match pod topology spread constraints (missing required label)",
  ]);
});

t.test('resource and spreading scores', async (t) => {
  const { get, infos } = nodeInfos([node('busy', { cpu: '2', memory: '4Gi' }), node('idle', { cpu: '2', memory: '4Gi' })], [pod('x', { cpu: '1', memory: '1Gi', nodeName: 'busy', owner: 'rs1' })]);
  const s = newCycleStateForTest(infos);
  const p = info(pod('p', { cpu: '500m', memory: '1Gi', owner: 'rs1' }));
  t.ok(leastAllocated.score(p, get('idle'), s) > leastAllocated.score(p, get('busy'), s), 'least allocated prefers the idle node');
  t.equal(Math.round(leastAllocated.score(p, get('idle'), s)), Math.round(((1 - 0.25) * 100 + (1 - 0.25) * 100) / 2));
  t.equal(balancedAllocation.score(p, get('idle'), s), 100, 'cpu and memory fractions equal');
  t.ok(balancedAllocation.score(p, get('busy'), s) < 100);
  const spread = ['busy', 'idle'].map((n) => selectorSpread.score(p, get(n), s));
  selectorSpread.normalize!(spread);
  t.same(spread, [0, 100], 'pods of the same controller spread out');
});

t.test('the unschedulable message has upstream wording', async (t) => {
  const cp = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };
  const { infos } = nodeInfos([node('small', { cpu: '1' }), node('cp1', cp), node('cp2', cp)]);
  const result = findNode(info(pod('big', { cpu: '2' })), infos, DEFAULT_PLUGINS);
  t.equal(result.node, undefined);
  t.equal(failureMessage(3, result.reasons), '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  t.equal(failureMessage(0, new Map()), 'no nodes available to schedule pods');
});

t.test('findNode: highest total wins, ties broken at random', async (t) => {
  const { infos } = nodeInfos([node('a'), node('b'), node('c', { cpu: '1' })]);
  const p = info(pod('p', { cpu: '100m' }));
  const seen = new Set<string>();
  let r = 0;
  const randoms = [0.9, 0.1, 0.9, 0.1, 0.4, 0.6];
  for (let i = 0; i < 6; i++) seen.add(findNode(p, infos, DEFAULT_PLUGINS, { random: () => randoms[r++ % randoms.length] }).node!);
  t.same([...seen].sort(), ['a', 'b'], 'the small node loses; a and b tie and both get picked');
});
