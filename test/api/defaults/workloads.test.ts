import t from 'tap';
import { applyDefaults } from '../../../src/api/defaults/apply-defaults.js';

const template = () => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
const defaultedTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [{
      name: 'web',
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
    }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
  },
};
const selector = { matchLabels: { app: 'web' } };

t.test('Deployment', async (t) => {
  const input = { metadata: { name: 'web' }, spec: { selector, template: template() } };
  const snapshot = structuredClone(input);
  const out = applyDefaults({ group: 'apps', version: 'v1', kind: 'Deployment' }, input);
  t.strictSame(input, snapshot, 'input untouched');
  t.strictSame(out, {
    metadata: { name: 'web' },
    spec: {
      selector,
      template: defaultedTemplate,
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  });
  const recreate = applyDefaults({ group: 'apps', version: 'v1', kind: 'Deployment' }, { spec: { replicas: 0, strategy: { type: 'Recreate' }, template: template() } }) as { spec: Record<string, unknown> };
  t.strictSame(recreate.spec.strategy, { type: 'Recreate' });
  t.equal(recreate.spec.replicas, 0, 'zero replicas kept');
  const partial = applyDefaults({ group: 'apps', version: 'v1', kind: 'Deployment' }, { spec: { strategy: { rollingUpdate: { maxSurge: 0 } } } }) as { spec: Record<string, unknown> };
  t.strictSame(partial.spec.strategy, { rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' }, type: 'RollingUpdate' });
});

t.test('ReplicaSet', async (t) => {
  t.strictSame(applyDefaults({ group: 'apps', version: 'v1', kind: 'ReplicaSet' }, { spec: { selector, template: template() } }), {
    spec: { selector, template: defaultedTemplate, replicas: 1 },
  });
});

t.test('DaemonSet', async (t) => {
  t.strictSame(applyDefaults({ group: 'apps', version: 'v1', kind: 'DaemonSet' }, { spec: { selector, template: template() } }), {
    spec: {
      selector,
      template: defaultedTemplate,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
  });
  const onDelete = applyDefaults({ group: 'apps', version: 'v1', kind: 'DaemonSet' }, { spec: { updateStrategy: { type: 'OnDelete' } } }) as { spec: Record<string, unknown> };
  t.strictSame(onDelete.spec.updateStrategy, { type: 'OnDelete' });
});

t.test('StatefulSet', async (t) => {
  const out = applyDefaults({ group: 'apps', version: 'v1', kind: 'StatefulSet' }, {
    spec: {
      serviceName: 'web',
      selector,
      template: template(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  t.strictSame(out, {
    spec: {
      serviceName: 'web',
      selector,
      template: defaultedTemplate,
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      }],
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  });
});

t.test('Job', async (t) => {
  const JOB = { group: 'batch', version: 'v1', kind: 'Job' };
  const jobTemplate = { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0' }] } };
  const out = applyDefaults(JOB, { metadata: { name: 'pi' }, spec: { template: jobTemplate } }) as { metadata: unknown; spec: Record<string, unknown> };
  t.strictSame(out.metadata, { name: 'pi', labels: { app: 'pi' } }, 'labels copied from the template');
  const { template: outTemplate, ...rest } = out.spec;
  t.strictSame(rest, {
    completions: 1,
    parallelism: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
  });
  t.equal((outTemplate as { spec: { restartPolicy: string } }).spec.restartPolicy, 'Never');
  t.equal((outTemplate as { spec: { schedulerName: string } }).spec.schedulerName, 'default-scheduler');

  const parallel = applyDefaults(JOB, { metadata: { labels: { own: 'x' } }, spec: { parallelism: 3, template: jobTemplate } }) as { metadata: unknown; spec: Record<string, unknown> };
  t.equal(parallel.spec.completions, undefined, 'parallelism without completions: a work queue');
  t.equal(parallel.spec.parallelism, 3);
  t.strictSame(parallel.metadata, { labels: { own: 'x' } }, 'own labels kept');
  const onlyCompletions = applyDefaults(JOB, { spec: { completions: 5 } }) as { spec: Record<string, unknown> };
  t.equal(onlyCompletions.spec.completions, 5);
  t.equal(onlyCompletions.spec.parallelism, 1);
  const perIndex = applyDefaults(JOB, {
    spec: { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
  }) as { spec: Record<string, unknown> };
  t.equal(perIndex.spec.backoffLimit, 2147483647);
  t.equal(perIndex.spec.completionMode, 'Indexed');
  t.equal(perIndex.spec.podReplacementPolicy, 'Failed');
  t.strictSame(perIndex.spec.podFailurePolicy, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
});

t.test('CronJob', async (t) => {
  const out = applyDefaults({ group: 'batch', version: 'v1', kind: 'CronJob' }, {
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
  }) as { spec: Record<string, unknown> & { jobTemplate: { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> } } } } };
  const { jobTemplate, ...rest } = out.spec;
  t.strictSame(rest, { schedule: '*/5 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  t.strictSame(Object.keys(jobTemplate.spec), ['template'], 'the job spec itself is not defaulted (as upstream)');
  t.equal(jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  t.equal(jobTemplate.spec.template.spec.restartPolicy, 'OnFailure');
});

t.test('HorizontalPodAutoscaler', async (t) => {
  const v2 = { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' };
  const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
  t.strictSame(applyDefaults(v2, { spec: { scaleTargetRef: target, maxReplicas: 5 } }), {
    spec: {
      scaleTargetRef: target,
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    },
  }, 'no behavior added when none given');
  const withBehavior = applyDefaults(v2, { spec: { maxReplicas: 5, minReplicas: 2, metrics: [], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }) as { spec: Record<string, unknown> };
  t.equal(withBehavior.spec.minReplicas, 2);
  t.strictSame(withBehavior.spec.behavior, {
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  });
  t.strictSame(applyDefaults({ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' }, { spec: { maxReplicas: 3 } }), { spec: { maxReplicas: 3, minReplicas: 1 } });
});
