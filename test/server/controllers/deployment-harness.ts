import { deploymentController } from '../../../src/server/controllers/deployment-controller.js';
import { replicaSetController } from '../../../src/server/controllers/replicaset-controller.js';
import { inProcessApi, quietLog } from '../scheduler/scheduler-fixtures.js';

export function deployment(name: string, replicas: number, extra: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      ...extra,
    },
  };
}

/**
 * Both controllers over one in-process API, stepped by hand: `step()` runs the deployment,
 * then every ReplicaSet, then (acting as kubelets) finishes deleted pods and makes the
 * chosen pods Ready, then refreshes ReplicaSet status.
 */
export async function deploymentHarness(t: any) {
  let clock = Date.parse('2024-05-01T00:00:00Z');
  const now = () => clock;
  const env = await inProcessApi(['default'], now);
  t.teardown(env.stop);
  const { client } = env;
  const dc = deploymentController(client, quietLog, undefined, { now });
  const rc = replicaSetController(client, quietLog, undefined, { now });
  t.teardown(dc.watch(() => {}));
  t.teardown(rc.watch(() => {}));
  const rsKeys = () => client.list('replicasets', 'default').map((r) => `default/${r.metadata.name}`);
  let readyWhen: (pod: any) => boolean = () => true;

  const kubelet = async () => {
    for (const p of client.list('pods', 'default')) {
      if (p.metadata.deletionTimestamp) {
        await client.delete('pods', 'default', p.metadata.name, { gracePeriodSeconds: 0 });
        const still = client.tryGet('pods', 'default', p.metadata.name);
        if (still) {
          still.metadata.finalizers = [];
          still.status = { ...(still.status ?? {}), phase: 'Succeeded' };
          await client.updateStatus('pods', still);
        }
        continue;
      }
      const ready = p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
      if (!ready && readyWhen(p)) {
        p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(clock).toISOString() }] };
        await client.updateStatus('pods', p);
      }
    }
  };

  return {
    ...env,
    dc,
    rc,
    advance(ms: number) {
      clock += ms;
    },
    setReady(pred: (pod: any) => boolean) {
      readyWhen = pred;
    },
    async step(name = 'web') {
      await dc.reconcile(`default/${name}`);
      for (const k of rsKeys()) await rc.reconcile(k);
      await kubelet();
      for (const k of rsKeys()) await rc.reconcile(k);
    },
    get: (name = 'web') => client.get('deployments', 'default', name),
    sets: () => client.list('replicasets', 'default').sort((a, b) => Number(a.metadata.annotations['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations['deployment.kubernetes.io/revision'])),
    activePods: () => client.list('pods', 'default').filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded'),
    events: () => client.list('events', 'default').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message),
  };
}
