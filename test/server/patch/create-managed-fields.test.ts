import t from 'tap';
import { TYPES } from '../../../src/api/types/index.js';
import { createManagedFields } from '../../../src/server/patch/create-managed-fields.js';
import { updateManagedFields } from '../../../src/server/patch/update-managed-fields.js';
import { DEPLOY, registry } from './fixtures.js';

type Obj = Record<string, any>;

const NOW = '2024-05-06T07:08:09Z';

/** What create recorded before createManagedFields: updateManagedFields against nothing. */
function viaUpdate(obj: Obj, typeName: string, reg = TYPES as any): string {
  const out = updateManagedFields(undefined, obj, { manager: 'm', apiVersion: 'v1', now: NOW, registry: reg, typeName }) as Obj;
  return JSON.stringify(out.metadata?.managedFields);
}

function viaCreate(obj: Obj, typeName: string, reg = TYPES as any): string {
  return JSON.stringify(createManagedFields(obj, { manager: 'm', apiVersion: 'v1', now: NOW, registry: reg, typeName }));
}

const pod = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    namespace: 'ns',
    uid: 'u',
    generateName: 'p-',
    creationTimestamp: NOW,
    labels: { app: 'web', 'x/y': 'z' },
    annotations: { a: '1' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'ru', controller: true, blockOwnerDeletion: true }],
    finalizers: ['a/b', 'c'],
    managedFields: [{ manager: 'old', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
  },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'busybox',
        command: ['sh', '-c', 'sleep 1'],
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', name: 'dns' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: {} },
        volumeMounts: [{ name: 'v', mountPath: '/v' }],
        securityContext: {},
      },
      { name: 'side', image: 'x', env: [] },
    ],
    initContainers: [{ name: 'init', image: 'i' }],
    volumes: [{ name: 'v', emptyDir: {} }, { name: 'cm', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }],
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }] } } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    restartPolicy: 'Always',
    dnsConfig: null,
    hostNetwork: false,
    schedulerName: 'default-scheduler',
    priority: 0,
    unknownField: { deep: [1, 2] },
  },
  status: { phase: 'Pending', qosClass: 'Burstable' },
});

t.test('a create records the same managedFields as updateManagedFields, byte for byte', async (t) => {
  t.equal(viaCreate(pod(), 'core.v1.Pod'), viaUpdate(pod(), 'core.v1.Pod'));
  const deploy: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod().spec } },
    status: { replicas: 1 },
  };
  t.equal(viaCreate(deploy, 'apps.v1.Deployment'), viaUpdate(deploy, 'apps.v1.Deployment'));
  t.equal(viaCreate(deploy, DEPLOY, registry), viaUpdate(deploy, DEPLOY, registry), 'a partial table');
  const svc: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'd' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }, { port: 53, protocol: 'UDP', name: 'dns' }], clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ipFamilies: ['IPv4'], type: 'ClusterIP' },
  };
  t.equal(viaCreate(svc, 'core.v1.Service'), viaUpdate(svc, 'core.v1.Service'));
  const event: Obj = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'p.1', namespace: 'ns' },
    involvedObject: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u', apiVersion: 'v1', resourceVersion: '5' },
    reason: 'Scheduled',
    message: 'Successfully assigned ns/p to n1',
    type: 'Normal',
    source: { component: 'default-scheduler' },
    reportingComponent: 'default-scheduler',
    reportingInstance: '',
    firstTimestamp: NOW,
    lastTimestamp: NOW,
    count: 1,
  };
  t.equal(viaCreate(event, 'core.v1.Event'), viaUpdate(event, 'core.v1.Event'));
  const node: Obj = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { a: 'b' } }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }], podCIDRs: ['10.0.0.0/24'] }, status: { capacity: { cpu: '4' } } };
  t.equal(viaCreate(node, 'core.v1.Node'), viaUpdate(node, 'core.v1.Node'));
});

t.test('edge cases: nothing tracked, untyped roots, undefined values, duplicate list keys', async (t) => {
  const bare = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y' } };
  t.equal(viaCreate(bare, 'core.v1.ConfigMap'), viaUpdate(bare, 'core.v1.ConfigMap'));
  t.equal(viaCreate(bare, 'core.v1.ConfigMap'), undefined as unknown as string, 'no entry when no field is tracked');
  const onlyStatus = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, status: { phase: 'Running' } };
  t.equal(viaCreate(onlyStatus, 'core.v1.Pod'), viaUpdate(onlyStatus, 'core.v1.Pod'));
  const untyped: Obj = { apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', labels: {} }, spec: { list: [{ a: 1 }, 2, [3]], m: { n: null, e: {} } } };
  t.equal(viaCreate(untyped, 'no.such.Type'), viaUpdate(untyped, 'no.such.Type'));
  const undef: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: undefined } }, data: { k: undefined, j: 'v' } };
  t.equal(viaCreate(undef, 'core.v1.ConfigMap'), viaUpdate(undef, 'core.v1.ConfigMap'));
  const dup = pod();
  dup.spec.containers.push({ name: 'app', image: 'again', args: ['x'] }, { image: 'no-name' }, 'not-an-object', {});
  dup.metadata.finalizers.push('c');
  dup.spec.tolerations.push(null);
  t.equal(viaCreate(dup, 'core.v1.Pod'), viaUpdate(dup, 'core.v1.Pod'));
  const weird: Obj = { apiVersion: 'v1', kind: 'Pod', metadata: 'not-an-object', spec: [] };
  t.equal(viaCreate(weird, 'core.v1.Pod'), viaUpdate(weird, 'core.v1.Pod'));
});

t.test('randomised objects: the same managedFields as updateManagedFields', async (t) => {
  // A small deterministic PRNG (mulberry32): failures reproduce.
  let seed = 0x5eed;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const replacements = [null, {}, [], undefined, 'str', 7, true, { extra: 1 }, [{ name: 'n' }], ['s']];
  const mutate = (v: any, depth: number): any => {
    if (Array.isArray(v)) {
      const out = v.map((x) => mutate(x, depth + 1));
      if (rand() < 0.2 && out.length > 0) out.push(structuredClone(pick(out)));
      return out;
    }
    if (v && typeof v === 'object') {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        const r = rand();
        if (r < 0.08) continue;
        out[k] = r < 0.14 ? pick(replacements) : mutate(x, depth + 1);
      }
      if (rand() < 0.1) out[`u${depth}`] = pick(replacements);
      return out;
    }
    return v;
  };
  let compared = 0;
  for (let i = 0; i < 300; i++) {
    const obj = mutate(pod(), 0);
    const typeName = pick(['core.v1.Pod', 'core.v1.Pod', 'apps.v1.Deployment', 'core.v1.Event']);
    const a = viaCreate(obj, typeName);
    const b = viaUpdate(obj, typeName);
    if (a !== b) {
      t.equal(a, b, `object ${i}: ${JSON.stringify(obj)}`);
      return;
    }
    compared++;
  }
  t.equal(compared, 300);
});
