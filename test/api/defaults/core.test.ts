import t from 'tap';
import { applyDefaults, hasDefaults } from '../../../src/api/defaults/apply-defaults.js';
import { RESOURCES } from '../../../src/api/kinds.js';

const SERVICE = { group: '', version: 'v1', kind: 'Service' };

t.test('Service ClusterIP', async (t) => {
  t.strictSame(applyDefaults(SERVICE, { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https', name: 'https' }, { port: 53, protocol: 'UDP', targetPort: 0 }] } }), {
    metadata: { name: 'web' },
    spec: {
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', name: 'https', protocol: 'TCP' },
        { port: 53, protocol: 'UDP', targetPort: 53 },
      ],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  });
});

t.test('Service NodePort, LoadBalancer, ClientIP affinity, ExternalName', async (t) => {
  const nodePort = applyDefaults(SERVICE, { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } }) as { spec: Record<string, unknown> };
  t.equal(nodePort.spec.externalTrafficPolicy, 'Cluster');
  t.equal(nodePort.spec.allocateLoadBalancerNodePorts, undefined);
  const lb = applyDefaults(SERVICE, { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', sessionAffinity: 'ClientIP' } }) as { spec: Record<string, unknown> };
  t.equal(lb.spec.externalTrafficPolicy, 'Local');
  t.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  t.strictSame(lb.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const clusterIp = applyDefaults(SERVICE, { spec: { ports: [] } }) as { spec: Record<string, unknown> };
  t.equal(clusterIp.spec.externalTrafficPolicy, undefined, 'no externalTrafficPolicy for ClusterIP');
  t.strictSame(applyDefaults(SERVICE, { spec: { type: 'ExternalName', externalName: 'db.example.com' } }), {
    spec: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' },
    status: { loadBalancer: {} },
  });
});

t.test('Namespace', async (t) => {
  const NS = { group: '', version: 'v1', kind: 'Namespace' };
  t.strictSame(applyDefaults(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'dev' } } }), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team-a', labels: { env: 'dev', 'kubernetes.io/metadata.name': 'team-a' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  const updated = applyDefaults(NS, { metadata: { name: 'x' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } }, { operation: 'update' });
  t.strictSame(updated, { metadata: { name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }, spec: { finalizers: [] }, status: { phase: 'Terminating' } }, 'finalizer not re-added on update');
  const own = applyDefaults(NS, { metadata: { name: 'y' }, spec: { finalizers: ['example.com/keep'] } }) as { spec: unknown };
  t.strictSame(own.spec, { finalizers: ['example.com/keep', 'kubernetes'] });
});

t.test('Secret, Endpoints, EndpointSlice', async (t) => {
  t.strictSame(applyDefaults({ group: '', version: 'v1', kind: 'Secret' }, { data: {} }), { data: {}, type: 'Opaque' });
  t.strictSame(applyDefaults({ group: '', version: 'v1', kind: 'Secret' }, { type: 'kubernetes.io/tls' }), { type: 'kubernetes.io/tls' });
  t.strictSame(applyDefaults({ group: '', version: 'v1', kind: 'Endpoints' }, { subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] }), {
    subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }],
  });
  t.strictSame(applyDefaults({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }, { addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] }), {
    addressType: 'IPv4', endpoints: [], ports: [{ port: 80, name: '', protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }],
  });
});

t.test('kinds without defaults come back as copies', async (t) => {
  const cm = { data: { a: '1' } };
  const out = applyDefaults({ group: '', version: 'v1', kind: 'ConfigMap' }, cm);
  t.strictSame(out, cm);
  t.not(out, cm);
  t.equal(hasDefaults({ group: '', version: 'v1', kind: 'ConfigMap' }), false);
  const withDefaults = RESOURCES.filter(hasDefaults).map((r) => `${r.group}/${r.version}/${r.kind}`);
  t.strictSame(withDefaults, [
    '/v1/Namespace', '/v1/Pod', '/v1/Service', '/v1/Endpoints', '/v1/Secret',
    'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/DaemonSet', 'apps/v1/StatefulSet',
    'batch/v1/Job', 'batch/v1/CronJob', 'discovery.k8s.io/v1/EndpointSlice',
    'autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v1/HorizontalPodAutoscaler',
  ]);
});
