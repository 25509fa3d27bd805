import t from 'tap';
import { startCluster, type ClusterNode } from './helpers/cluster.js';
import { expectOk } from './helpers/expect.js';
import { isRunningReady } from './helpers/pods.js';
import { waitFor } from './helpers/wait-for.js';
import { TEST_IMAGE } from './helpers/test-image.js';

// The scheduler and the workload controllers on two agents, each in its own network namespace,
// driven through the real kubectl: rollouts (status, history, undo, restart, pause/resume),
// scaling and self-healing, Jobs, a CronJob, DaemonSets, scheduling failures that explain
// themselves, cordon and drain, an HPA on CPU with `kubectl top`, and foreground deletion.
t.setTimeout(600_000);

/** A container that sleeps until killed (PID 1 ignores SIGTERM: the 1 s grace period ends it). */
const SLEEPER = `{name: main, image: ${TEST_IMAGE}, imagePullPolicy: IfNotPresent, command: ["sleep", "3600"]}`;

const webDeployment = (v: number) => String.raw`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {kubernetes.io/change-cause: "V=${v}"}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${TEST_IMAGE}
        imagePullPolicy: IfNotPresent
        command: ["sleep", "3600"]
        env: [{name: V, value: "${v}"}]
`;

const CRONJOB = String.raw`
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          nodeSelector: {kubernetes.io/hostname: NODE1}
          containers: [{name: tick, image: ${TEST_IMAGE}, imagePullPolicy: IfNotPresent, command: ["sh", "-c", "echo tick from $(hostname)"]}]
`;

const JOBS = String.raw`
apiVersion: batch/v1
kind: Job
metadata: {name: twice}
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${TEST_IMAGE}, imagePullPolicy: IfNotPresent, command: ["sh", "-c", "echo finished on $(hostname)"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: fails}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${TEST_IMAGE}, imagePullPolicy: IfNotPresent, command: ["sh", "-c", "echo about to fail; exit 3"]}]
`;

const DAEMONSETS = String.raw`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: everywhere}
spec:
  selector: {matchLabels: {app: everywhere}}
  template:
    metadata: {labels: {app: everywhere}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [${SLEEPER}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: picky}
spec:
  selector: {matchLabels: {app: picky}}
  template:
    metadata: {labels: {app: picky}}
    spec:
      terminationGracePeriodSeconds: 1
      nodeSelector: {e2e-role: picky}
      containers: [${SLEEPER}]
`;

const pod = (name: string, extra: string) => String.raw`
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${TEST_IMAGE}
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
${extra}`;

const plainDeployment = (name: string, replicas: number) => String.raw`
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [${SLEEPER}]
`;

// Busy until /tmp/idle exists, then asleep. The limit keeps each pod at 100m: 200 % of its request.
const BUSY = String.raw`
apiVersion: apps/v1
kind: Deployment
metadata: {name: busy}
spec:
  replicas: 1
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: loop
        image: ${TEST_IMAGE}
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "while [ ! -e /tmp/idle ]; do :; done; exec sleep 3600"]
        resources: {requests: {cpu: 50m}, limits: {cpu: 100m}}
`;

t.test('controllers and scheduler on two nodes, through kubectl', async (t) => {
  const { server, nodes } = await startCluster(t, {
    nodes: 2,
    serverArgs: ['--horizontal-pod-autoscaler-sync-period', '2s', '--horizontal-pod-autoscaler-downscale-stabilization', '5s', '--metric-resolution', '3s'],
  });
  const [node0, node1] = nodes as [ClusterNode, ClusterNode];
  const k = (args: string[], stdin?: string, timeoutMs = 60_000) => server.kubectl('1.33', args, { stdin, timeoutMs });
  const get = async (path: string) => {
    const res = await server.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body}`);
    return res.json();
  };
  const podsOf = async (selector: string): Promise<any[]> => (await get(`/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(selector)}`)).items;
  const live = (pods: any[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
  const eventsOf = async (name: string): Promise<any[]> => (await get(`/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`)).items;
  /** Waits until the selector's pods are exactly `n`, none terminating, all Running and ready; returns them. */
  const settled = (selector: string, n: number, ms = 90_000) =>
    waitFor(async () => {
      const all = await podsOf(selector);
      return all.length === n && all.every(isRunningReady) ? all : undefined;
    }, `${n} running, ready pods for ${selector} and no others`, ms, 200);

  // Created first: it fires at the next minute boundary while the other tests run. Its pods
  // stay off node0, which is drained later (kubectl drain deletes finished pods too).
  const cronCreated = Date.now();
  expectOk(t, await k(['apply', '-f', '-'], CRONJOB.replace('NODE1', node1.name)), 'create CronJob tick (every minute)');

  t.test('rollout status, history, undo, restart, pause and resume', async (t) => {
    expectOk(t, await k(['apply', '-f', '-'], webDeployment(1)), 'apply web V=1');
    t.match(expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status'), /successfully rolled out/);
    const first = await settled('app=web', 2);

    expectOk(t, await k(['apply', '-f', '-'], webDeployment(2)), 'apply web V=2');
    t.match(expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status after V=2'), /successfully rolled out/);
    const second = await settled('app=web', 2);
    t.same(second.filter((p) => first.some((f) => f.metadata.name === p.metadata.name)), [], 'every pod was replaced');
    t.ok(second.every((p) => p.spec.containers[0].env?.[0]?.value === '2'), 'the pods run V=2');

    let history = expectOk(t, await k(['rollout', 'history', 'deploy/web']), 'rollout history');
    t.match(history, /^1\s+V=1\s*$/m, 'revision 1 with its change-cause');
    t.match(history, /^2\s+V=2\s*$/m, 'revision 2 with its change-cause');
    t.match(expectOk(t, await k(['rollout', 'history', 'deploy/web', '--revision=1']), 'history of revision 1'), /V:\s+1/, 'revision 1 shows its template (V=1)');

    t.match(expectOk(t, await k(['rollout', 'undo', 'deploy/web']), 'rollout undo'), /deployment\.apps\/web rolled back/);
    expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status after undo');
    const undone = await settled('app=web', 2);
    t.ok(undone.every((p) => p.spec.containers[0].env?.[0]?.value === '1'), 'after undo the pods run V=1 again');
    const echoed = expectOk(t, await k(['exec', undone[0].metadata.name, '--', 'sh', '-c', 'echo "V=$V"']), 'exec in an undone pod');
    t.equal(echoed.trim(), 'V=1', 'the container sees V=1');
    history = expectOk(t, await k(['rollout', 'history', 'deploy/web']), 'rollout history after undo');
    t.match(history, /^2\s+V=2\s*$/m, 'revision 2 kept');
    t.match(history, /^3\s+V=1\s*$/m, 'the old template is now revision 3');
    t.notMatch(history, /^1\s/m, 'revision 1 is gone (it became 3)');

    t.match(expectOk(t, await k(['rollout', 'restart', 'deploy/web']), 'rollout restart'), /deployment\.apps\/web restarted/);
    expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status after restart');
    const restarted = await settled('app=web', 2);
    t.same(restarted.filter((p) => undone.some((u) => u.metadata.name === p.metadata.name)), [], 'restart replaced every pod');
    t.ok(restarted.every((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']), 'the new pods carry kubectl.kubernetes.io/restartedAt');
    t.match(expectOk(t, await k(['rollout', 'history', 'deploy/web']), 'history after restart'), /^4\s/m, 'restart made revision 4');

    t.match(expectOk(t, await k(['rollout', 'pause', 'deploy/web']), 'rollout pause'), /deployment\.apps\/web paused/);
    const rsBefore = (await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items.length;
    expectOk(t, await k(['apply', '-f', '-'], webDeployment(5)), 'apply web V=5 while paused');
    await waitFor(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
      return d.status?.observedGeneration === d.metadata.generation;
    }, 'the paused deployment to be observed', 30_000, 100);
    t.equal((await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items.length, rsBefore, 'paused: no new ReplicaSet');
    t.same((await podsOf('app=web')).map((p) => p.metadata.name).sort(), restarted.map((p) => p.metadata.name).sort(), 'paused: the pods are untouched');
    t.match(expectOk(t, await k(['rollout', 'resume', 'deploy/web']), 'rollout resume'), /deployment\.apps\/web resumed/);
    expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status after resume');
    const resumed = await settled('app=web', 2);
    t.ok(resumed.every((p) => p.spec.containers[0].env?.[0]?.value === '5'), 'resumed: the pods run V=5');
  });

  t.test('scale up and down; a deleted pod is replaced', async (t) => {
    t.match(expectOk(t, await k(['scale', 'deploy/web', '--replicas=4']), 'scale to 4'), /deployment\.apps\/web scaled/);
    expectOk(t, await k(['rollout', 'status', 'deploy/web', '--timeout=90s'], undefined, 100_000), 'rollout status at 4');
    const four = await settled('app=web', 4);
    t.same([...new Set(four.map((p) => p.spec.nodeName))].sort(), [node0.name, node1.name].sort(), 'the 4 pods are spread over both nodes');

    const victim = four[0].metadata.name;
    expectOk(t, await k(['delete', 'pod', victim, '--wait=false']), `delete pod ${victim}`);
    const healed = await waitFor(async () => {
      const all = await podsOf('app=web');
      const running = all.filter((p) => !p.metadata.deletionTimestamp && isRunningReady(p));
      return running.length === 4 && !running.some((p) => p.metadata.name === victim) ? running : undefined;
    }, 'a replacement for the deleted pod', 60_000, 200);
    t.equal(healed.filter((p) => !four.some((f) => f.metadata.name === p.metadata.name)).length, 1, 'exactly one new pod replaced it');

    expectOk(t, await k(['scale', 'deploy/web', '--replicas=1']), 'scale to 1');
    await settled('app=web', 1, 60_000);
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
    t.equal(d.status?.replicas, 1, 'status.replicas is 1');
    t.ok((await eventsOf('web')).some((e) => e.reason === 'ScalingReplicaSet' && /Scaled down/.test(e.message)), 'a ScalingReplicaSet "Scaled down" event');
  });

  t.test('Jobs: one completes, one fails after its backoffLimit; kubectl logs job/x', async (t) => {
    expectOk(t, await k(['apply', '-f', '-'], JOBS), 'create jobs twice and fails');
    expectOk(t, await k(['wait', '--for=condition=complete', 'job/twice', '--timeout=90s'], undefined, 100_000), 'twice completes');
    const twice = await get('/apis/batch/v1/namespaces/default/jobs/twice');
    t.equal(twice.status.succeeded, 2, 'two completions');
    t.ok(twice.status.completionTime, 'completionTime set');
    const pods = await podsOf('job-name=twice');
    t.equal(pods.length, 2, 'two pods ran');
    t.ok(pods.every((p) => p.status.phase === 'Succeeded'), 'both Succeeded');
    t.match(expectOk(t, await k(['logs', 'job/twice']), 'logs job/twice'), /^finished on twice-\S+$/m);

    expectOk(t, await k(['wait', '--for=condition=failed', 'job/fails', '--timeout=90s'], undefined, 100_000), 'fails fails');
    const fails = await get('/apis/batch/v1/namespaces/default/jobs/fails');
    const failed = fails.status.conditions.find((c: any) => c.type === 'Failed');
    t.equal(failed?.status, 'True');
    t.equal(failed?.reason, 'BackoffLimitExceeded', 'reason BackoffLimitExceeded');
    t.equal(fails.status.failed, 2, 'backoffLimit 1: two failed pods');
    t.match(expectOk(t, await k(['logs', 'job/fails']), 'logs job/fails'), /about to fail/);
    t.ok((await eventsOf('fails')).some((e) => e.reason === 'BackoffLimitExceeded'), 'a BackoffLimitExceeded event');
    expectOk(t, await k(['delete', 'job', 'twice', 'fails']), 'delete the jobs');
  });

  t.test('kubectl create job --from=cronjob runs the template at once', async (t) => {
    t.match(expectOk(t, await k(['create', 'job', 'manual', '--from=cronjob/tick']), 'create job --from'), /job\.batch\/manual created/);
    expectOk(t, await k(['wait', '--for=condition=complete', 'job/manual', '--timeout=60s'], undefined, 70_000), 'manual completes');
    t.match(expectOk(t, await k(['logs', 'job/manual']), 'logs job/manual'), /^tick from manual-/m);
    const job = await get('/apis/batch/v1/namespaces/default/jobs/manual');
    t.equal(job.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual', 'annotated as a manual instantiation');
  });

  t.test('DaemonSets follow nodes, their selectors and taints', async (t) => {
    expectOk(t, await k(['label', 'node', node1.name, 'e2e-role=picky']), 'label node1');
    expectOk(t, await k(['taint', 'node', node0.name, 'e2e-ds=yes:NoSchedule']), 'taint node0');
    expectOk(t, await k(['apply', '-f', '-'], DAEMONSETS), 'create daemonsets');
    const onNode1 = await settled('app=everywhere', 1);
    t.equal(onNode1[0].spec.nodeName, node1.name, 'the tainted node0 gets no daemon pod');
    expectOk(t, await k(['taint', 'node', node0.name, 'e2e-ds=yes:NoSchedule-']), 'untaint node0');
    const both = await settled('app=everywhere', 2);
    t.same(both.map((p) => p.spec.nodeName).sort(), [node0.name, node1.name].sort(), 'one daemon pod per node once node0 is untainted');
    expectOk(t, await k(['rollout', 'status', 'ds/everywhere', '--timeout=60s'], undefined, 70_000), 'rollout status ds/everywhere');
    const ds = await get('/apis/apps/v1/namespaces/default/daemonsets/everywhere');
    t.match(ds.status, { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 }, 'DaemonSet status counts both nodes');
    const picky = await settled('app=picky', 1);
    t.equal(picky[0].spec.nodeName, node1.name, 'the nodeSelector DaemonSet runs only on the labelled node');
    expectOk(t, await k(['label', 'node', node1.name, 'e2e-role-']), 'unlabel node1');
    await waitFor(async () => (await podsOf('app=picky')).length === 0, 'the picky daemon pod to leave the unlabelled node', 60_000, 200);
    t.pass('the picky pod left once the label was removed');
    expectOk(t, await k(['delete', 'ds', 'picky']), 'delete ds picky');
  });

  t.test('an unschedulable pod explains itself, and is scheduled when a node frees up', async (t) => {
    expectOk(t, await k(['apply', '-f', '-'], pod('big', '    resources: {requests: {cpu: "100"}}')), 'create pod big (100 cpu)');
    const big = await waitFor(async () => (await eventsOf('big')).find((e) => e.reason === 'FailedScheduling'), 'a FailedScheduling event for big', 30_000, 200);
    t.match(big.message, /^0\/2 nodes are available: 2 Insufficient cpu\./, `the message counts the reason (${big.message})`);
    t.equal(big.type, 'Warning');
    const bigPod = await get('/api/v1/namespaces/default/pods/big');
    t.equal(bigPod.status.phase, 'Pending', 'big stays Pending');
    t.match(bigPod.status.conditions?.find((c: any) => c.type === 'PodScheduled'), { status: 'False', reason: 'Unschedulable' }, 'PodScheduled=False, Unschedulable');
    t.match(expectOk(t, await k(['describe', 'pod', 'big']), 'describe pod big'), /FailedScheduling.*0\/2 nodes are available: 2 Insufficient cpu\./, 'describe shows the event');
    expectOk(t, await k(['delete', 'pod', 'big']), 'delete big');

    expectOk(t, await k(['cordon', node0.name]), 'cordon node0');
    expectOk(t, await k(['taint', 'node', node1.name, 'e2e=mix:NoSchedule']), 'taint node1');
    expectOk(t, await k(['apply', '-f', '-'], pod('small', '')), 'create pod small');
    const small = await waitFor(async () => (await eventsOf('small')).find((e) => e.reason === 'FailedScheduling'), 'a FailedScheduling event for small', 30_000, 200);
    t.match(small.message, /^0\/2 nodes are available: 1 node\(s\) had untolerated taint \{e2e: mix\}, 1 node\(s\) were unschedulable\./, `one reason per node (${small.message})`);
    expectOk(t, await k(['uncordon', node0.name]), 'uncordon node0');
    const placed = await waitFor(async () => {
      const p = await get('/api/v1/namespaces/default/pods/small');
      return isRunningReady(p) ? p : undefined;
    }, 'small to run once node0 is uncordoned', 60_000, 200);
    t.equal(placed.spec.nodeName, node0.name, 'small landed on the uncordoned node0');
    expectOk(t, await k(['taint', 'node', node1.name, 'e2e=mix:NoSchedule-']), 'untaint node1');
    expectOk(t, await k(['delete', 'pod', 'small', '--wait=false']), 'delete small');
  });

  t.test('cordon keeps new pods off a node; drain evicts what runs there', async (t) => {
    expectOk(t, await k(['apply', '-f', '-'], plainDeployment('cord', 1)), 'create deployment cord');
    const before = await settled('app=cord', 1);
    t.match(expectOk(t, await k(['cordon', node0.name]), 'cordon node0'), /cordoned/);
    const n0 = await get(`/api/v1/nodes/${node0.name}`);
    t.equal(n0.spec.unschedulable, true, 'node0 is unschedulable');
    expectOk(t, await k(['scale', 'deploy/cord', '--replicas=5']), 'scale cord to 5');
    const five = await settled('app=cord', 5);
    const added = five.filter((p) => p.metadata.name !== before[0].metadata.name);
    t.equal(added.length, 4, 'four new pods');
    t.same([...new Set(added.map((p) => p.spec.nodeName))], [node1.name], 'every new pod landed on node1');
    t.match(expectOk(t, await k(['uncordon', node0.name]), 'uncordon node0'), /uncordoned/);

    // Now give node0 pods of a controller (cord scaled down and up lands them where there is room).
    expectOk(t, await k(['scale', 'deploy/cord', '--replicas=1']), 'scale cord to 1');
    await settled('app=cord', 1, 60_000);
    expectOk(t, await k(['scale', 'deploy/cord', '--replicas=4']), 'scale cord to 4');
    const spread = await settled('app=cord', 4);
    t.ok(spread.some((p) => p.spec.nodeName === node0.name), `node0 has cord pods again (${spread.map((p) => p.spec.nodeName).join(', ')})`);

    const drain = await k(['drain', node0.name, '--ignore-daemonsets', '--delete-emptydir-data', '--grace-period=1', '--timeout=90s'], undefined, 100_000);
    const out = expectOk(t, drain, 'drain node0');
    t.match(out, /evicting pod default\/cord-/, 'drain evicts the cord pods');
    t.match(out, new RegExp(`node/${node0.name} drained`), 'drain reports the node drained');
    t.match(drain.stderr, /Warning: ignoring DaemonSet-managed Pods: default\/everywhere-/, 'drain leaves the DaemonSet pod');
    const moved = await settled('app=cord', 4);
    t.same([...new Set(moved.map((p) => p.spec.nodeName))], [node1.name], 'the cord pods all run on node1 now');
    const left = live((await get(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node0.name}`)}`)).items);
    t.same(left.filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed').map((p) => p.metadata.labels?.app), ['everywhere'], 'only the daemon pod is left on node0');
    expectOk(t, await k(['uncordon', node0.name]), 'uncordon node0');
    expectOk(t, await k(['delete', 'deploy', 'cord']), 'delete cord');
  });

  t.test('an HPA scales a busy deployment up and, once idle, back down; kubectl top shows usage', async (t) => {
    expectOk(t, await k(['apply', '-f', '-'], BUSY), 'create deployment busy');
    await settled('app=busy', 1);
    t.match(expectOk(t, await k(['autoscale', 'deploy', 'busy', '--cpu-percent=50', '--min=1', '--max=3']), 'kubectl autoscale'), /horizontalpodautoscaler\.autoscaling\/busy autoscaled/);
    const up = await waitFor(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/busy');
      return d.spec.replicas > 1 ? d.spec.replicas : undefined;
    }, 'the HPA to scale busy above 1 replica', 90_000, 250);
    t.ok(up > 1, `scaled up to ${up}`);
    const hpa = await get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/busy');
    t.ok(hpa.status.currentMetrics?.[0]?.resource?.current?.averageUtilization > 50, `the HPA saw utilization above 50 % (${JSON.stringify(hpa.status.currentMetrics)})`);
    t.ok((await eventsOf('busy')).some((e) => e.reason === 'SuccessfulRescale' && /cpu resource utilization \(percentage of request\) above target/.test(e.message)), 'a SuccessfulRescale event');

    const three = await settled('app=busy', 3, 120_000);
    const top = await waitFor(async () => {
      const r = await k(['top', 'pods', '-l', 'app=busy']);
      return r.code === 0 && three.every((p) => new RegExp(`^${p.metadata.name}\\s+\\d+m\\s+\\d+Mi\\s*$`, 'm').test(r.stdout)) ? r.stdout : undefined;
    }, 'kubectl top pods to list every busy pod', 30_000, 500);
    const cpus = [...top.matchAll(/^busy-\S+\s+(\d+)m/gm)].map((m) => Number(m[1]));
    t.ok(cpus.some((c) => c >= 50), `kubectl top shows the busy pods' cpu (${cpus.join(', ')}m)`);
    t.match(expectOk(t, await k(['top', 'nodes']), 'kubectl top nodes'), new RegExp(`^${node0.name}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'), 'kubectl top nodes shows node0');

    for (const p of three) expectOk(t, await k(['exec', p.metadata.name, '--', 'touch', '/tmp/idle']), `make ${p.metadata.name} idle`);
    await waitFor(async () => (await get('/apis/apps/v1/namespaces/default/deployments/busy')).spec.replicas === 1, 'the HPA to scale busy back to 1', 90_000, 250);
    t.pass('scaled back down to 1');
    await settled('app=busy', 1, 60_000);
    t.ok((await eventsOf('busy')).some((e) => e.reason === 'SuccessfulRescale' && /New size: 1; reason: All metrics below target/.test(e.message)), 'a scale-down SuccessfulRescale event');
    expectOk(t, await k(['delete', 'hpa', 'busy']), 'delete the hpa');
    expectOk(t, await k(['delete', 'deploy', 'busy', '--wait=false']), 'delete busy');
  });

  t.test('foreground deletion removes the ReplicaSets and pods before the Deployment', async (t) => {
    const rs = (await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items;
    t.ok(rs.length > 1, `web has ${rs.length} ReplicaSets (old revisions kept)`);
    t.equal(live(await podsOf('app=web')).length, 1, 'web has a pod');
    expectOk(t, await k(['delete', 'deploy', 'web', '--cascade=foreground', '--timeout=60s'], undefined, 70_000), 'delete web --cascade=foreground');
    // kubectl returned once the Deployment was gone: its dependents must be gone already.
    const after = await server.request('GET', '/apis/apps/v1/namespaces/default/deployments/web');
    t.equal(after.status, 404, 'the Deployment is gone');
    t.same((await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items.map((r: any) => r.metadata.name), [], 'no ReplicaSet left');
    t.same((await podsOf('app=web')).map((p) => p.metadata.name), [], 'no pod left');
  });

  t.test('the CronJob fired on its schedule', async (t) => {
    const fired = await waitFor(async () => {
      // `kubectl create job --from` also makes the CronJob the Job's owner: only scheduled Jobs count here.
      const jobs = (await get('/apis/batch/v1/namespaces/default/jobs')).items.filter((j: any) =>
        j.metadata.ownerReferences?.some((o: any) => o.kind === 'CronJob' && o.name === 'tick') && !j.metadata.annotations?.['cronjob.kubernetes.io/instantiate']);
      return jobs.find((j: any) => j.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True'));
    }, 'a Job of CronJob tick to complete', Math.max(5_000, cronCreated + 90_000 - Date.now()), 500);
    t.match(fired.metadata.name, /^tick-\d+$/, `a scheduled Job (${fired.metadata.name})`);
    const cj = await get('/apis/batch/v1/namespaces/default/cronjobs/tick');
    t.ok(cj.status?.lastScheduleTime, `lastScheduleTime set (${cj.status?.lastScheduleTime})`);
    t.equal(Date.parse(cj.status.lastScheduleTime) % 60_000, 0, 'scheduled on a minute boundary');
    t.ok(cj.status?.lastSuccessfulTime, 'lastSuccessfulTime set');
    t.match(expectOk(t, await k(['logs', `job/${fired.metadata.name}`]), 'logs of the scheduled job'), /^tick from tick-/m);
    expectOk(t, await k(['delete', 'cronjob', 'tick']), 'delete the cronjob');
  });

  t.test('cleanup', async (t) => {
    expectOk(t, await k(['delete', 'ds,deploy,job', '--all', '--wait=false']), 'delete the rest');
    expectOk(t, await k(['delete', 'pod', '--all', '--grace-period=1', '--wait=false']), 'delete the pods');
    await waitFor(async () => (await get('/api/v1/pods')).items.length === 0, 'every pod gone', 60_000, 200);
    t.pass('every pod gone');
  });
});
