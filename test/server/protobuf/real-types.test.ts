import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import { TYPES } from '../../../src/api/types/index.js';
import { decodeKubernetesProtobuf } from '../../../src/server/protobuf/index.js';
import { envelope, int, mapEntry, msg, str } from './proto-encoder.js';

const resolve = (apiVersion: string, kind: string): string | undefined =>
  RESOURCES.find((r) => (r.group ? `${r.group}/${r.version}` : r.version) === apiVersion && r.kind === kind)?.type;

t.test('kubectl create namespace foo, decoded by the real tables', async (t) => {
  const body = envelope('v1', 'Namespace', [...msg(1, str(1, 'foo')), ...msg(2), ...msg(3)]);
  t.same(decodeKubernetesProtobuf(body, TYPES, resolve), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' }, spec: {}, status: {} });
});

t.test('a Deployment decoded by the real tables', async (t) => {
  const container = [...str(1, 'web'), ...str(2, 'nginx'), ...msg(6, int(3, 80)), ...msg(8)];
  const template = [...msg(1, mapEntry(11, 'app', str(2, 'web'))), ...msg(2, msg(2, container))];
  const spec = [...int(1, 2), ...msg(2, mapEntry(1, 'app', str(2, 'web'))), ...msg(3, template), ...msg(4)];
  const body = envelope('apps/v1', 'Deployment', [...msg(1, str(1, 'web')), ...msg(2, spec)]);
  t.same(decodeKubernetesProtobuf(body, TYPES, resolve), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] } },
      strategy: {},
    },
  });
});
