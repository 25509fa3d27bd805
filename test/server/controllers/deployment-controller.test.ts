import t from 'tap';
import { intOrPercent, podTemplateHash, surgeAndUnavailable } from '../../../src/server/controllers/deployment-util.js';
import { deployment, deploymentHarness } from './deployment-harness.js';

const cond = (d: any, type: string) => d.status?.conditions?.find((c: any) => c.type === type);
const setImage = async (h: any, image: string, name = 'web') => {
  const d = h.get(name);
  d.spec.template.spec.containers[0].image = image;
  await h.client.update('deployments', d);
};

t.test('maxSurge rounds up, maxUnavailable down', async (t) => {
  t.equal(intOrPercent('25%', 10, true), 3);
  t.equal(intOrPercent('25%', 10, false), 2);
  t.equal(intOrPercent(2, 10, false), 2);
  t.same(surgeAndUnavailable(deployment('w', 10)), [3, 2]);
  t.same(surgeAndUnavailable(deployment('w', 1, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } })), [0, 1], 'never both zero');
  t.same(surgeAndUnavailable(deployment('w', 3, { strategy: { type: 'Recreate' } })), [0, 0]);
  const tpl = deployment('w', 1).spec.template;
  t.equal(podTemplateHash(tpl), podTemplateHash(JSON.parse(JSON.stringify(tpl))), 'stable');
  t.not(podTemplateHash(tpl), podTemplateHash(tpl, 1), 'collision count changes it');
  t.match(podTemplateHash(tpl), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

t.test('create: ReplicaSet, pods, revision, events, status and conditions', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 3));
  await h.dc.reconcile('default/web');
  const [rs] = h.sets();
  const hash = rs.metadata.labels['pod-template-hash'];
  t.equal(rs.metadata.name, `web-${hash}`);
  t.equal(rs.spec.selector.matchLabels['pod-template-hash'], hash);
  t.equal(rs.spec.template.metadata.labels['pod-template-hash'], hash);
  t.equal(rs.spec.replicas, 3);
  t.match(rs.metadata.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
  t.match(rs.metadata.ownerReferences, [{ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true }]);
  t.same(h.events(), [`Scaled up replica set ${rs.metadata.name} to 3 from 0`]);
  let d = h.get();
  t.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  t.match(cond(d, 'Progressing'), { status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rs.metadata.name}"` });
  t.match(cond(d, 'Available'), { status: 'False', reason: 'MinimumReplicasUnavailable' });

  await h.step();
  await h.step();
  t.equal(h.activePods().length, 3);
  d = h.get();
  t.match(d.status, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  t.equal(d.status.unavailableReplicas, undefined, 'zero counters are omitted, as upstream writes them');
  t.match(cond(d, 'Available'), { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  t.match(cond(d, 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
});

t.test('rolling update respects maxSurge and maxUnavailable at every step', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
  for (let i = 0; i < 3; i++) await h.step();
  t.equal(h.get().status.availableReplicas, 4);
  await setImage(h, 'nginx:2');
  // New pods become ready one step after they appear.
  const seen = new Set<string>();
  h.setReady((p: any) => {
    if (seen.has(p.metadata.name)) return true;
    seen.add(p.metadata.name);
    return false;
  });
  for (let i = 0; i < 20; i++) {
    await h.step();
    const sets = h.sets();
    const total = sets.reduce((n: number, rs: any) => n + rs.spec.replicas, 0);
    const ready = h.activePods().filter((p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
    t.ok(total <= 5, `step ${i}: ${total} desired pods ≤ replicas + maxSurge`);
    t.ok(ready >= 3, `step ${i}: ${ready} ready pods ≥ replicas - maxUnavailable`);
    if (h.get().status.updatedReplicas === 4 && h.get().status.availableReplicas === 4 && sets[0].spec.replicas === 0) break;
  }
  const [old, cur] = h.sets();
  t.equal(old.spec.replicas, 0);
  t.equal(cur.spec.replicas, 4);
  t.equal(cur.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  t.equal(h.get().metadata.annotations['deployment.kubernetes.io/revision'], '2');
  t.match(h.events().slice(1, 3), [`Scaled up replica set ${cur.metadata.name} to 1 from 0`, `Scaled down replica set ${old.metadata.name} to 3 from 4`]);
  await h.step();
  t.match(h.get().status, { replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
  t.match(cond(h.get(), 'Progressing'), { reason: 'NewReplicaSetAvailable' });
});

t.test('Recreate: old pods go before the new ReplicaSet appears', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 2, { strategy: { type: 'Recreate' } }));
  for (let i = 0; i < 3; i++) await h.step();
  await setImage(h, 'nginx:2');
  await h.dc.reconcile('default/web');
  t.equal(h.sets().length, 1, 'no new ReplicaSet yet');
  t.equal(h.sets()[0].spec.replicas, 0, 'old scaled to zero');
  await h.dc.reconcile('default/web');
  t.equal(h.sets().length, 1, 'still waiting while old pods run');
  await h.step();
  t.equal(h.sets().length, 1, 'old pods were only deleted in this step');
  await h.step();
  t.equal(h.sets().length, 2);
  t.equal(h.sets()[1].spec.replicas, 2);
  await h.step();
  t.match(h.get().status, { updatedReplicas: 2, availableReplicas: 2 });
});

t.test('revision history: cleanup beyond revisionHistoryLimit, rollback reuses a ReplicaSet', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 1, { revisionHistoryLimit: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  const settle = async () => {
    for (let i = 0; i < 6; i++) await h.step();
  };
  await settle();
  for (const image of ['nginx:2', 'nginx:3']) {
    await setImage(h, image);
    await settle();
  }
  t.same(h.sets().map((rs: any) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], rs.spec.template.spec.containers[0].image]), [['2', 'nginx:2'], ['3', 'nginx:3']], 'revision 1 deleted');
  const rev2 = h.sets()[0].metadata.name;
  await setImage(h, 'nginx:2');
  await settle();
  const back = h.sets().find((rs: any) => rs.metadata.name === rev2);
  t.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '4', 'rolled back ReplicaSet gets the next revision');
  t.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '2');
  t.equal(back.spec.replicas, 1);
  t.equal(h.get().metadata.annotations['deployment.kubernetes.io/revision'], '4');
});

t.test('rollout undo as kubectl sends it (template with creationTimestamp: null) reuses the old ReplicaSet', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 1, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  const settle = async () => {
    for (let i = 0; i < 6; i++) await h.step();
  };
  await settle();
  const first = h.sets()[0];
  await setImage(h, 'nginx:2');
  await settle();
  // kubectl rollout undo: a JSON patch replacing the template with the old ReplicaSet's, hash label dropped.
  const d = h.get();
  const template = JSON.parse(JSON.stringify(first.spec.template));
  delete template.metadata.labels['pod-template-hash'];
  template.metadata.creationTimestamp = null;
  d.spec.template = template;
  await h.client.update('deployments', d);
  await settle();
  t.equal(h.sets().length, 2, 'no third ReplicaSet');
  const back = h.sets().find((rs: any) => rs.metadata.name === first.metadata.name);
  t.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '3', 'the revision-1 ReplicaSet becomes revision 3');
  t.equal(back.spec.replicas, 1, 'and runs the pods again');
  t.equal(podTemplateHash({ metadata: { creationTimestamp: null, labels: { a: 'b' } } }), podTemplateHash({ metadata: { labels: { a: 'b' } } }), 'a null field hashes as an absent one');
});

t.test('paused: template changes wait, scaling still applies', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 2));
  for (let i = 0; i < 3; i++) await h.step();
  const d = h.get();
  d.spec.paused = true;
  d.spec.replicas = 3;
  d.spec.template.spec.containers[0].image = 'nginx:2';
  await h.client.update('deployments', d);
  await h.step();
  t.equal(h.sets().length, 1, 'no new ReplicaSet while paused');
  t.equal(h.sets()[0].spec.replicas, 3, 'scaled');
  t.match(cond(h.get(), 'Progressing'), { status: 'Unknown', reason: 'DeploymentPaused' });
  const resumed = h.get();
  resumed.spec.paused = false;
  await h.client.update('deployments', resumed);
  await h.dc.reconcile('default/web');
  t.equal(h.sets().length, 2, 'rollout goes on once resumed');
});

t.test('ProgressDeadlineExceeded once no progress is made within the deadline', async (t) => {
  const h = await deploymentHarness(t);
  await h.client.create('deployments', 'default', deployment('web', 2, { progressDeadlineSeconds: 60 }));
  h.setReady(() => false);
  await h.step();
  await h.step();
  t.match(cond(h.get(), 'Progressing'), { status: 'True' });
  h.advance(30_000);
  await h.step();
  t.match(cond(h.get(), 'Progressing'), { status: 'True' }, 'within the deadline');
  h.advance(31_000);
  await h.step();
  const c = cond(h.get(), 'Progressing');
  t.match(c, { status: 'False', reason: 'ProgressDeadlineExceeded' });
  t.match(c.message, /has timed out progressing\.$/);
});
