import t from 'tap';
import { TYPES } from '../../../src/api/types/index.js';
import { applyServerSideApply } from '../../../src/server/patch/server-side-apply.js';
import { applyStrategicMergePatch } from '../../../src/server/patch/strategic-merge-patch.js';
import { updateManagedFields } from '../../../src/server/patch/update-managed-fields.js';

type Obj = Record<string, any>;

const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }],
        volumes: [{ name: 'cfg', configMap: { name: 'c' } }],
      },
    },
  },
});

t.test('Deployment: kubectl apply 3-way patch merges env by name and keeps order', async (t) => {
  const out = applyStrategicMergePatch(
    deployment(),
    {
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
            containers: [
              { name: 'app', '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }], env: [{ name: 'C', value: '3' }, { name: 'B', $patch: 'delete' }], image: 'nginx:2' },
              { name: 'side', image: 'busybox' },
            ],
          },
        },
      },
    },
    TYPES,
    'apps.v1.Deployment',
  ) as Obj;
  t.equal(out.spec.replicas, 3);
  t.strictSame(out.spec.template.spec.containers, [
    { name: 'app', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'C', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
    { name: 'side', image: 'busybox' },
  ]);
  t.strictSame(out.spec.template.spec.volumes, [{ name: 'cfg', configMap: { name: 'c' } }]);
});

t.test('Deployment: server-side apply over a client-side created object', async (t) => {
  const live = updateManagedFields(undefined, deployment(), { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', now: '2024-01-01T00:00:00Z', registry: TYPES, typeName: 'apps.v1.Deployment' });
  const applied = deployment();
  applied.spec.replicas = 4;
  applied.spec.template.spec.containers[0].ports = [{ containerPort: 80 }];
  const res = applyServerSideApply(live, applied, { manager: 'kubectl', registry: TYPES, typeName: 'apps.v1.Deployment', apiVersion: 'apps/v1', now: '2024-01-02T00:00:00Z' });
  t.strictSame(res.conflicts, [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
  const forced = applyServerSideApply(live, applied, { manager: 'kubectl', force: true, registry: TYPES, typeName: 'apps.v1.Deployment', apiVersion: 'apps/v1', now: '2024-01-02T00:00:00Z' });
  t.strictSame(forced.conflicts, []);
  t.equal(forced.object.spec.replicas, 4);
  t.strictSame((forced.object as Obj).spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }], 'port matched with its defaulted protocol');
});

t.test('Service: ports merge by port', async (t) => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] } };
  const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 8443 }], selector: { tier: 'fe' } } }, TYPES, 'core.v1.Service') as Obj;
  t.strictSame(out.spec.ports, [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP', targetPort: 8443 }]);
  t.strictSame(out.spec.selector, { app: 'web', tier: 'fe' });
  const created = applyServerSideApply(undefined, svc, { manager: 'kubectl', registry: TYPES, typeName: 'core.v1.Service', apiVersion: 'v1', now: '2024-01-01T00:00:00Z' });
  t.strictSame(Object.keys((created.object as Obj).metadata.managedFields[0].fieldsV1['f:spec']['f:ports']), ['k:{"port":443,"protocol":"TCP"}', 'k:{"port":80,"protocol":"TCP"}']);
});
