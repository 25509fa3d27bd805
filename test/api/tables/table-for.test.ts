import t from 'tap';
import { tableFor } from '../../../src/api/tables/table-for.js';
import { RESOURCES, type ResourceInfo } from '../../../src/api/kinds.js';

const now = Date.parse('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:56:40Z'; // 3m20s before now

function info(group: string, resource: string, version?: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.group === group && x.resource === resource && (!version || x.version === version));
  if (!r) throw new Error(`no ${group}/${resource}`);
  return r;
}
function meta(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, namespace: 'default', uid: 'u-' + name, creationTimestamp: created, ...extra };
}
function columns(group: string, resource: string): string[] {
  return tableFor(info(group, resource), [], { now }).columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name));
}
function cells(group: string, resource: string, obj: Record<string, unknown>, version?: string): unknown[] {
  return tableFor(info(group, resource, version), [obj], { now }).rows[0]!.cells;
}

t.test('column sets per kind (* = priority 1, shown with -o wide)', async (t) => {
  const want: Record<string, string[]> = {
    '/namespaces': ['Name', 'Status', 'Age'],
    '/pods': ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*'],
    '/nodes': ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*'],
    '/services': ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*'],
    '/endpoints': ['Name', 'Endpoints', 'Age'],
    '/configmaps': ['Name', 'Data', 'Age'],
    '/secrets': ['Name', 'Type', 'Data', 'Age'],
    '/serviceaccounts': ['Name', 'Secrets', 'Age'],
    '/events': ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*'],
    'events.k8s.io/events': ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*'],
    'apps/deployments': ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'],
    'apps/replicasets': ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'],
    'apps/daemonsets': ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*'],
    'apps/statefulsets': ['Name', 'Ready', 'Age', 'Containers*', 'Images*'],
    'apps/controllerrevisions': ['Name', 'Controller', 'Revision', 'Age'],
    'batch/jobs': ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*'],
    'batch/cronjobs': ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers*', 'Images*', 'Selector*'],
    'coordination.k8s.io/leases': ['Name', 'Holder', 'Age'],
    'discovery.k8s.io/endpointslices': ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
    'autoscaling/horizontalpodautoscalers': ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
  };
  for (const r of RESOURCES) {
    const key = `${r.group}/${r.resource}`;
    t.strictSame(columns(r.group, r.resource), want[key], key);
  }
  const podCols = tableFor(info('', 'pods'), [], { now }).columnDefinitions;
  t.strictSame(podCols[0], { name: 'Name', type: 'string', format: 'name', description: podCols[0]!.description, priority: 0 });
  t.equal(podCols[3]!.type, 'string', 'Restarts is a string column');
});

t.test('includeObject variants and table envelope', async (t) => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } };
  const base = tableFor(info('', 'configmaps'), [obj], { now });
  t.equal(base.kind, 'Table');
  t.equal(base.apiVersion, 'meta.k8s.io/v1');
  t.strictSame(base.metadata, {});
  t.strictSame(base.rows, [{ cells: ['cm', 3, '3m20s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta('cm') } }]);
  t.equal(tableFor(info('', 'configmaps'), [obj], { now, includeObject: 'Object' }).rows[0]!.object, obj);
  const none = tableFor(info('', 'configmaps'), [obj], { now, includeObject: 'None' }).rows[0]!;
  t.notOk('object' in none);
  t.strictSame(tableFor(info('', 'configmaps'), [obj], { now, wide: true }).rows[0]!.cells, ['cm', 3, '3m20s'], 'wide changes nothing');
});

t.test('pod row cells and conditions', async (t) => {
  const pod = {
    metadata: meta('web-1'),
    spec: { nodeName: 'n1', containers: [{ name: 'app' }], readinessGates: [{ conditionType: 'x/ok' }] },
    status: { phase: 'Succeeded', podIPs: [{ ip: '10.42.0.9' }], conditions: [{ type: 'x/ok', status: 'True' }], containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
  };
  const row = tableFor(info('', 'pods'), [pod], { now }).rows[0]!;
  t.strictSame(row.cells, ['web-1', '0/1', 'Completed', '0', '3m20s', '10.42.0.9', 'n1', '<none>', '1/1']);
  t.strictSame(row.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  const bare = cells('', 'pods', { metadata: { name: 'p' }, spec: { containers: [] }, status: { phase: 'Pending' } });
  t.strictSame(bare, ['p', '0/0', 'Pending', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
});

t.test('services: ports, external IP, selector', async (t) => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): unknown[] => cells('', 'services', { metadata: meta('s'), spec, status });
  t.strictSame(svc({ type: 'ClusterIP', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { b: '2', a: '1' } }), [
    's', 'ClusterIP', '10.43.0.10', '<none>', '80/TCP,53/UDP', '3m20s', 'a=1,b=2',
  ]);
  t.strictSame(svc({ type: 'NodePort', clusterIPs: ['10.43.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }).slice(1, 5), ['NodePort', '10.43.0.11', '<none>', '80:30080/TCP']);
  t.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.12'], ports: [] })[3], '<pending>');
  t.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.12'] }, { loadBalancer: { ingress: [{ ip: '192.168.1.9' }] } })[3], '192.168.1.9');
  t.strictSame(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], externalIPs: ['1.2.3.4'] }).slice(2, 5), ['None', '1.2.3.4', '<none>']);
  t.equal(svc({ type: 'ExternalName', externalName: 'example.com' })[3], 'example.com');
  t.equal(svc({ type: 'ClusterIP' })[6], '<none>');
});

t.test('nodes', async (t) => {
  const node = {
    metadata: meta('n1', { labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } }),
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '192.168.1.5' }],
      nodeInfo: { kubeletVersion: 'v1.31.0+mk8s', osImage: 'Debian', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7' },
    },
  };
  t.strictSame(cells('', 'nodes', node), ['n1', 'Ready,SchedulingDisabled', 'control-plane,master', '3m20s', 'v1.31.0+mk8s', '192.168.1.5', '<none>', 'Debian', '6.1.0', 'containerd://1.7']);
  const bare = cells('', 'nodes', { metadata: meta('n2'), status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
  t.strictSame(bare.slice(1, 3), ['NotReady', '<none>']);
  t.equal(cells('', 'nodes', { metadata: meta('n3') })[1], 'Unknown');
  t.strictSame(cells('', 'nodes', { metadata: meta('n3') }).slice(7), ['<unknown>', '<unknown>', '<unknown>']);
});

t.test('events (core and events.k8s.io)', async (t) => {
  const ev = {
    metadata: meta('web-1.17a'),
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled', message: ' Pulled image \n', type: 'Normal', count: 3,
    firstTimestamp: '2024-05-01T11:00:00Z', lastTimestamp: '2024-05-01T11:59:00Z',
    source: { component: 'kubelet', host: 'n1' },
  };
  t.strictSame(cells('', 'events', ev), ['60s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{app}', 'kubelet, n1', 'Pulled image', '60m', 3, 'web-1.17a']);
  const v1 = {
    metadata: meta('e2'),
    regarding: { kind: 'Deployment', name: 'web' }, reason: 'ScalingReplicaSet', note: 'Scaled up', type: 'Normal',
    eventTime: '2024-05-01T11:58:00.000000Z', reportingController: 'deployment-controller', reportingInstance: '',
  };
  t.strictSame(cells('events.k8s.io', 'events', v1), ['2m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up', '2m', 1, 'e2']);
});

t.test('apps kinds', async (t) => {
  const template = { spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'busybox' }], nodeSelector: { disk: 'ssd' } } };
  const selector = { matchLabels: { app: 'web' } };
  t.strictSame(cells('apps', 'deployments', { metadata: meta('d'), spec: { replicas: 3, selector, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }), [
    'd', '2/3', 3, 2, '3m20s', 'a,b', 'nginx:1,busybox', 'app=web',
  ]);
  t.strictSame(cells('apps', 'replicasets', { metadata: meta('rs'), spec: { replicas: 2, selector, template }, status: { replicas: 2 } }), [
    'rs', 2, 2, 0, '3m20s', 'a,b', 'nginx:1,busybox', 'app=web',
  ]);
  t.strictSame(cells('apps', 'daemonsets', { metadata: meta('ds'), spec: { selector, template }, status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 } }), [
    'ds', 1, 1, 1, 1, 1, 'disk=ssd', '3m20s', 'a,b', 'nginx:1,busybox', 'app=web',
  ]);
  t.strictSame(cells('apps', 'statefulsets', { metadata: meta('db'), spec: { replicas: 3, template }, status: { readyReplicas: 1 } }), ['db', '1/3', '3m20s', 'a,b', 'nginx:1,busybox']);
  const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'x', controller: true };
  t.strictSame(cells('apps', 'controllerrevisions', { metadata: meta('db-7f', { ownerReferences: [owner] }), revision: 2 }), ['db-7f', 'statefulset.apps/db', 2, '3m20s']);
  t.strictSame(cells('apps', 'controllerrevisions', { metadata: meta('cr'), revision: 1 }).slice(1, 2), ['<none>']);
});

t.test('batch kinds', async (t) => {
  const done = {
    metadata: meta('j'), spec: { completions: 1, template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } }, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } } },
    status: { succeeded: 1, startTime: '2024-05-01T11:57:00Z', completionTime: '2024-05-01T11:57:12Z', conditions: [{ type: 'Complete', status: 'True' }] },
  };
  t.strictSame(cells('batch', 'jobs', done), ['j', 'Complete', '1/1', '12s', '3m20s', 'c', 'busybox', 'batch.kubernetes.io/controller-uid=u']);
  const running = { metadata: meta('j2'), spec: { parallelism: 3 }, status: { startTime: '2024-05-01T11:58:00Z' } };
  t.strictSame(cells('batch', 'jobs', running).slice(1, 4), ['Running', '0/1 of 3', '2m']);
  t.strictSame(cells('batch', 'jobs', { metadata: meta('j3'), spec: {}, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }).slice(1, 4), ['Suspended', '0/1', '']);
  t.equal(cells('batch', 'jobs', { metadata: meta('j4'), status: { conditions: [{ type: 'Failed', status: 'True' }] } })[1], 'Failed');
  const cj = { metadata: meta('cj'), spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } }, status: { active: [{ name: 'x' }], lastScheduleTime: '2024-05-01T11:55:00Z' } };
  t.strictSame(cells('batch', 'cronjobs', cj), ['cj', '*/5 * * * *', '<none>', 'False', 1, '5m', '3m20s', 'c', 'i', '<none>']);
});

t.test('leases, endpoint slices, endpoints, secrets, service accounts, namespaces', async (t) => {
  t.strictSame(cells('coordination.k8s.io', 'leases', { metadata: meta('n1'), spec: { holderIdentity: 'n1' } }), ['n1', 'n1', '3m20s']);
  const es = { metadata: meta('web-abc'), addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: ['a', 'b', 'c', 'd', 'e'].map((x, i) => ({ addresses: [`10.42.0.${i + 1}`] })) };
  t.strictSame(cells('discovery.k8s.io', 'endpointslices', es), ['web-abc', 'IPv4', '80', '10.42.0.1,10.42.0.2,10.42.0.3 + 2 more...', '3m20s']);
  t.strictSame(cells('discovery.k8s.io', 'endpointslices', { metadata: meta('e'), addressType: 'IPv4' }).slice(2, 4), ['<unset>', '<unset>']);
  const ep = { metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }], ports: [{ port: 80 }] }] };
  t.strictSame(cells('', 'endpoints', ep), ['web', '10.42.0.1:80,10.42.0.2:80', '3m20s']);
  t.equal(cells('', 'endpoints', { metadata: meta('x') })[1], '<none>');
  t.strictSame(cells('', 'secrets', { metadata: meta('s'), type: 'Opaque', data: { a: 'eA==' } }), ['s', 'Opaque', 1, '3m20s']);
  t.strictSame(cells('', 'serviceaccounts', { metadata: meta('default') }), ['default', 0, '3m20s']);
  t.strictSame(cells('', 'namespaces', { metadata: meta('kube-system'), status: { phase: 'Active' } }), ['kube-system', 'Active', '3m20s']);
});

t.test('horizontal pod autoscalers (v2 and v1 shapes)', async (t) => {
  const v2 = {
    metadata: meta('web'),
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 10 } } }] },
  };
  t.strictSame(cells('autoscaling', 'horizontalpodautoscalers', v2, 'v2'), ['web', 'Deployment/web', 'cpu: 10%/50%', '1', 5, 2, '3m20s']);
  const unknown = { ...v2, status: {} };
  t.equal(cells('autoscaling', 'horizontalpodautoscalers', unknown, 'v2')[2], 'cpu: <unknown>/50%');
  const v1 = { metadata: meta('w'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'w' }, maxReplicas: 3, targetCPUUtilizationPercentage: 80 }, status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 } };
  t.strictSame(cells('autoscaling', 'horizontalpodautoscalers', v1, 'v1'), ['w', 'Deployment/w', 'cpu: 12%/80%', '<unset>', 3, 1, '3m20s']);
  t.equal(cells('autoscaling', 'horizontalpodautoscalers', { metadata: meta('n'), spec: { maxReplicas: 1 } }, 'v2')[2], '<none>');
});
