import t, { type Test } from 'tap';
import type { TypeRegistry } from '../../../src/api/types/format.js';
import { ApiError, BadRequestError } from '../../../src/errors.js';
import { decodeKubernetesProtobuf, formatGoDuration } from '../../../src/server/protobuf/index.js';
import { bool, bytes, double, envelope, fixed32, int, mapEntry, msg, str, tag, varint } from './proto-encoder.js';

const REGISTRY: TypeRegistry = {
  'meta.v1.ObjectMeta': {
    name: ['string', 1],
    generateName: ['string', 2],
    namespace: ['string', 3],
    generation: ['int64', 7],
    creationTimestamp: ['time', 8],
    labels: [{ map: 'string' }, 11],
    annotations: [{ map: 'string' }, 12],
  },
  'core.v1.Namespace': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1], spec: [{ ref: 'core.v1.NamespaceSpec' }, 2], status: [{ ref: 'core.v1.NamespaceStatus' }, 3] },
  'core.v1.NamespaceSpec': { finalizers: [{ list: 'string' }, 1] },
  'core.v1.NamespaceStatus': { phase: ['string', 1] },
  'apps.v1.Deployment': { apiVersion: ['string', 0], kind: ['string', 0], metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1], spec: [{ ref: 'apps.v1.DeploymentSpec' }, 2] },
  'apps.v1.DeploymentSpec': {
    replicas: ['int32', 1],
    selector: [{ ref: 'meta.v1.LabelSelector' }, 2],
    template: [{ ref: 'core.v1.PodTemplateSpec' }, 3],
    strategy: [{ ref: 'apps.v1.DeploymentStrategy' }, 4],
    minReadySeconds: ['int32', 5],
  },
  'apps.v1.DeploymentStrategy': { type: ['string', 1], rollingUpdate: [{ ref: 'apps.v1.RollingUpdate' }, 2] },
  'apps.v1.RollingUpdate': { maxUnavailable: ['intOrString', 1], maxSurge: ['intOrString', 2] },
  'meta.v1.LabelSelector': { matchLabels: [{ map: 'string' }, 1] },
  'core.v1.PodTemplateSpec': { metadata: [{ ref: 'meta.v1.ObjectMeta' }, 1], spec: [{ ref: 'core.v1.PodSpec' }, 2] },
  'core.v1.PodSpec': { containers: [{ list: { ref: 'core.v1.Container' } }, 2] },
  'core.v1.Container': {
    name: ['string', 1],
    image: ['string', 2],
    args: [{ list: 'string' }, 4],
    ports: [{ list: { ref: 'core.v1.ContainerPort' } }, 6],
    resources: [{ ref: 'core.v1.ResourceRequirements' }, 8],
  },
  'core.v1.ContainerPort': { name: ['string', 1], hostPort: ['int32', 2], containerPort: ['int32', 3], protocol: ['string', 4] },
  'core.v1.ResourceRequirements': { limits: [{ map: 'quantity' }, 1], requests: [{ map: 'quantity' }, 2] },
  'test.v1.Scalars': {
    apiVersion: ['string', 0],
    kind: ['string', 0],
    count: ['int32', 1],
    big: ['int64', 2],
    flag: ['bool', 3],
    ratio: ['double', 4],
    blob: ['bytes', 5],
    when: ['time', 6],
    whenMicro: ['microTime', 7],
    timeout: ['duration', 8],
    raw: ['any', 9],
    nums: [{ list: 'int32' }, 10],
    flags: [{ list: 'bool' }, 11],
    qty: ['quantity', 12],
    ios: [{ list: 'intOrString' }, 13],
  },
};

const resolve = (apiVersion: string, kind: string): string | undefined =>
  (({ 'v1/Namespace': 'core.v1.Namespace', 'apps/v1/Deployment': 'apps.v1.Deployment', 'test/v1/Scalars': 'test.v1.Scalars' }) as Record<string, string>)[`${apiVersion}/${kind}`];

t.test('the body of kubectl create namespace foo', async (t) => {
  // k8s\0 + Unknown{typeMeta{"v1","Namespace"}, raw = Namespace{metadata{name "foo"}, spec{}, status{}}}
  const raw = [0x0a, 0x05, 0x0a, 0x03, 0x66, 0x6f, 0x6f, 0x12, 0x00, 0x1a, 0x00];
  const body = Uint8Array.from([
    0x6b, 0x38, 0x73, 0x00,
    0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x4e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65,
    0x12, raw.length, ...raw,
    0x1a, 0x00, 0x22, 0x00,
  ]);
  t.same(decodeKubernetesProtobuf(body, REGISTRY, resolve), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' }, spec: {}, status: {} });
  t.same(Object.keys(decodeKubernetesProtobuf(body, REGISTRY, resolve)), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
});

t.test('zero values written by proto2 are kept; an empty time is absent', async (t) => {
  const raw = [...msg(1, str(1, 'foo'), str(2, ''), int(7, 0), msg(8)), ...msg(2), ...msg(3, str(1, ''))];
  t.same(decodeKubernetesProtobuf(envelope('v1', 'Namespace', raw), REGISTRY, resolve), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'foo', generateName: '', generation: 0 },
    spec: {},
    status: { phase: '' },
  });
});

t.test('a Deployment like kubectl create deployment sends', async (t) => {
  const container = [...str(1, 'web'), ...str(2, 'nginx:1.27'), ...msg(6, str(1, ''), int(2, 0), int(3, 80), str(4, 'TCP')), ...msg(8)];
  const template = [...msg(1, mapEntry(11, 'app', str(2, 'web'))), ...msg(2, msg(2, container))];
  const spec = [...int(1, 3), ...msg(2, mapEntry(1, 'app', str(2, 'web'))), ...msg(3, template), ...msg(4), ...int(5, 0)];
  const raw = [...msg(1, str(1, 'web'), mapEntry(11, 'app', str(2, 'web'))), ...msg(2, spec)];
  t.same(decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', raw), REGISTRY, resolve), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: '', hostPort: 0, containerPort: 80, protocol: 'TCP' }], resources: {} }] },
      },
      strategy: {},
      minReadySeconds: 0,
    },
  });
  const zero = [...msg(2, int(1, 0))];
  t.same(decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', zero), REGISTRY, resolve).spec, { replicas: 0 }, 'replicas: 0 is kept');
});

t.test('scalars', async (t) => {
  const timestamp = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
  const raw = [
    ...int(1, -5),
    ...int(2, 9007199254740991n),
    ...bool(3, true),
    ...double(4, 0.25),
    ...bytes(5, [0xde, 0xad, 0xbe, 0xef]),
    ...msg(6, int(1, timestamp), int(2, 500)),
    ...msg(7, int(1, timestamp), int(2, 123456789)),
    ...msg(8, int(1, 90_500_000_000n)),
    ...msg(9, bytes(1, Buffer.from('{"a":[1,"x"]}'))),
    ...bytes(10, [...varint(1), ...varint(2), ...varint(300)]), // packed
    ...int(10, 7), // unpacked, appended
    ...bool(11, false),
    ...msg(12, str(1, '500m')),
    ...msg(13, int(1, 0), int(2, 8080)),
    ...msg(13, int(1, 1), str(3, '25%')),
  ];
  t.same(decodeKubernetesProtobuf(envelope('test/v1', 'Scalars', raw), REGISTRY, resolve), {
    apiVersion: 'test/v1',
    kind: 'Scalars',
    count: -5,
    big: 9007199254740991,
    flag: true,
    ratio: 0.25,
    blob: '3q2+7w==',
    when: '2024-01-02T03:04:05Z',
    whenMicro: '2024-01-02T03:04:05.123456Z',
    timeout: '1m30.5s',
    raw: { a: [1, 'x'] },
    nums: [1, 2, 300, 7],
    flags: [false],
    qty: '500m',
    ios: [8080, '25%'],
  });
});

t.test('Go duration strings', async (t) => {
  t.equal(formatGoDuration(0n), '0s');
  t.equal(formatGoDuration(999n), '999ns');
  t.equal(formatGoDuration(1500n), '1.5µs');
  t.equal(formatGoDuration(1_500_000n), '1.5ms');
  t.equal(formatGoDuration(60_000_000_000n), '1m0s');
  t.equal(formatGoDuration(3_600_000_000_000n), '1h0m0s');
  t.equal(formatGoDuration(3_723_000_000_000n), '1h2m3s');
  t.equal(formatGoDuration(-2_000_000_000n), '-2s');
});

t.test('unknown field numbers of every wire type are skipped', async (t) => {
  const raw = [...int(99, 12345), ...double(98, 1.5), ...fixed32(97, 7), ...str(96, 'x'), ...tag(95, 3), ...int(1, 1), ...tag(95, 4), ...msg(1, str(1, 'foo'))];
  t.same(decodeKubernetesProtobuf(envelope('v1', 'Namespace', raw), REGISTRY, resolve), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } });
});

function badRequest(t: Test, fn: () => unknown, message: RegExp): void {
  try {
    fn();
    t.fail('expected a BadRequestError');
  } catch (err) {
    t.ok(err instanceof BadRequestError, 'a BadRequestError');
    t.equal((err as ApiError).code, 400);
    t.match((err as Error).message, message);
  }
}

t.test('malformed bodies are BadRequest errors naming the problem', async (t) => {
  badRequest(t, () => decodeKubernetesProtobuf(Uint8Array.from([0x7b, 0x7d]), REGISTRY, resolve), /does not start with the "k8s\\x00" prefix/);
  const good = envelope('v1', 'Namespace', msg(1, str(1, 'foo')));
  badRequest(t, () => decodeKubernetesProtobuf(good.subarray(0, good.length - 2), REGISTRY, resolve), /truncated length-delimited field/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...tag(1, 2), 0x80]), REGISTRY, resolve), /truncated varint/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...msg(1, int(1, 5))]), REGISTRY, resolve), /wire type varint where string needs length-delimited \(in Namespace\.metadata\.name\)/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('v1', 'Pod', []), REGISTRY, resolve), /no kind "Pod" is registered for version "v1"/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [], str(3, 'gzip')), REGISTRY, resolve), /content encoding "gzip"/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('test/v1', 'Scalars', msg(9, bytes(1, Buffer.from('{nope')))), REGISTRY, resolve), /RawExtension.raw is not JSON \(in Scalars\.raw\)/);
  badRequest(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [0xa6, 0x01]), REGISTRY, resolve), /invalid wire type 6/);
});

t.test('inlined structs: a nested message on the wire, flat fields in JSON', async (t) => {
  const registry: TypeRegistry = {
    'core.v1.Volume': { apiVersion: ['string', 0], kind: ['string', 0], name: ['string', 1], emptyDir: [{ ref: 'core.v1.EmptyDir' }, 0], '...volumeSource': [{ ref: 'core.v1.VolumeSource' }, 2] },
    'core.v1.VolumeSource': { emptyDir: [{ ref: 'core.v1.EmptyDir' }, 2] },
    'core.v1.EmptyDir': { medium: ['string', 1] },
  };
  const raw = [...str(1, 'data'), ...msg(2, msg(2, str(1, 'Memory')))];
  t.same(decodeKubernetesProtobuf(envelope('v1', 'Volume', raw), registry, () => 'core.v1.Volume'), {
    apiVersion: 'v1',
    kind: 'Volume',
    name: 'data',
    emptyDir: { medium: 'Memory' },
  });
});
