import t from 'tap';
import { applyDefaults } from '../../../src/api/defaults/apply-defaults.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };

const minimal = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
});

const defaultedContainer = {
  name: 'web',
  image: 'nginx',
  imagePullPolicy: 'Always',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

t.test('minimal pod gets what a real cluster shows', async (t) => {
  const input = minimal();
  const snapshot = structuredClone(input);
  const out = applyDefaults(POD, input);
  t.strictSame(input, snapshot, 'input untouched');
  t.strictSame(out, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      containers: [defaultedContainer],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
  });
  t.strictSame(applyDefaults(POD, out), out, 'idempotent');
});

t.test('user values are kept', async (t) => {
  const out = applyDefaults(POD, {
    metadata: { name: 'p' },
    spec: {
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      serviceAccount: 'builder',
      priorityClassName: 'system-node-critical',
      preemptionPolicy: 'Never',
      securityContext: { runAsUser: 1000 },
      containers: [{ name: 'c', image: 'busybox:1.36', imagePullPolicy: 'Never', resources: { limits: { cpu: '1' } } }],
    },
  }) as { spec: Record<string, unknown> };
  t.equal(out.spec.restartPolicy, 'Never');
  t.equal(out.spec.dnsPolicy, 'Default');
  t.equal(out.spec.terminationGracePeriodSeconds, 0, 'zero grace period kept');
  t.equal(out.spec.enableServiceLinks, false);
  t.equal(out.spec.serviceAccountName, 'builder', 'deprecated serviceAccount mirrored');
  t.equal(out.spec.serviceAccount, 'builder');
  t.equal(out.spec.priority, 2000001000);
  t.equal(out.spec.preemptionPolicy, 'Never');
  t.strictSame(out.spec.securityContext, { runAsUser: 1000 });
  t.strictSame(out.spec.containers, [{
    name: 'c',
    image: 'busybox:1.36',
    imagePullPolicy: 'Never',
    resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  }]);
});

t.test('containers, probes, env, ports, init containers', async (t) => {
  const out = applyDefaults(POD, {
    metadata: { name: 'p' },
    spec: {
      hostNetwork: true,
      initContainers: [{ name: 'init', image: 'registry.local:5000/tools:v1' }],
      containers: [{
        name: 'c',
        image: 'ghcr.io/acme/app@sha256:' + 'a'.repeat(64),
        ports: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }],
        livenessProbe: { httpGet: { port: 8080 } },
        readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, timeoutSeconds: 0 },
        startupProbe: { exec: { command: ['true'] }, failureThreshold: 30 },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/quit', scheme: 'HTTPS' } } },
        env: [
          { name: 'A', value: '1' },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
        ],
      }],
    },
  }) as { spec: { containers: Record<string, unknown>[]; initContainers: Record<string, unknown>[] } };
  const [c] = out.spec.containers;
  t.equal(c!.imagePullPolicy, 'IfNotPresent', 'digest only → IfNotPresent');
  t.strictSame(c!.ports, [
    { containerPort: 8080, protocol: 'TCP', hostPort: 8080 },
    { containerPort: 53, protocol: 'UDP', hostPort: 5353 },
  ]);
  t.strictSame(c!.livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  t.strictSame(c!.readinessProbe, { tcpSocket: { port: 8080 }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  t.strictSame(c!.startupProbe, { exec: { command: ['true'] }, failureThreshold: 30, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1 });
  t.strictSame(c!.lifecycle, { preStop: { httpGet: { port: 80, path: '/quit', scheme: 'HTTPS' } } });
  t.strictSame(c!.env, [
    { name: 'A', value: '1' },
    { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
    { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '0' } } },
  ]);
  t.strictSame(out.spec.initContainers, [{
    name: 'init',
    image: 'registry.local:5000/tools:v1',
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  }]);
});

t.test('volumes', async (t) => {
  const out = applyDefaults(POD, {
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', image: 'x:1' }],
      volumes: [
        { name: 'cm', configMap: { name: 'settings' } },
        { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
        { name: 'host', hostPath: { path: '/var/log' } },
        { name: 'host2', hostPath: { path: '/run', type: 'Directory' } },
        { name: 'scratch' },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
      ],
    },
  }) as { spec: { volumes: unknown[] } };
  t.strictSame(out.spec.volumes, [
    { name: 'cm', configMap: { name: 'settings', defaultMode: 420 } },
    { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
    { name: 'host2', hostPath: { path: '/run', type: 'Directory' } },
    { name: 'scratch', emptyDir: {} },
    { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }], defaultMode: 420 } },
    { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }, { configMap: { name: 'kube-root-ca.crt' } }], defaultMode: 420 } },
  ]);
});

t.test('default tolerations', async (t) => {
  const tolerations = (spec: Record<string, unknown>, options = {}): unknown[] | undefined =>
    (applyDefaults(POD, { metadata: { name: 'p' }, spec: { containers: [], ...spec } }, options) as unknown as { spec: { tolerations?: unknown[] } }).spec.tolerations;

  t.strictSame(tolerations({}, { notReadyTolerationSeconds: 60, unreachableTolerationSeconds: 90 }), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 90 },
  ], 'seconds from options');
  const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
  t.strictSame(tolerations({ tolerations: [own] }), [
    own,
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ], 'an existing toleration is not duplicated');
  t.strictSame(tolerations({ tolerations: [{ operator: 'Exists' }] }), [{ operator: 'Exists' }], 'a tolerate-everything toleration covers both');
  t.strictSame(tolerations({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] })?.length, 3, 'NoSchedule does not count');
  t.equal(tolerations({}, { operation: 'update' }), undefined, 'not added on update');
});

t.test('update skips admission defaults but keeps scheme defaults', async (t) => {
  const out = applyDefaults(POD, minimal(), { operation: 'update' }) as { spec: Record<string, unknown> };
  t.equal(out.spec.serviceAccountName, undefined);
  t.equal(out.spec.priority, undefined);
  t.equal(out.spec.enableServiceLinks, true);
  t.equal(out.spec.restartPolicy, 'Always');
});
