import t from 'tap';
import { pruneUnknownFields } from '../../../src/api/schema/index.js';
import { TYPES } from '../../../src/api/types/index.js';

type Obj = Record<string, any>;

const pod = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1', b: '2' } },
  spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1' } } }], nodeSelector: { x: 'y' } },
  status: { phase: 'Pending' },
});

t.test('nothing unknown: the very same object comes back', async (t) => {
  const input = pod();
  t.equal(pruneUnknownFields(TYPES, 'core.v1.Pod', input), input);
});

t.test('unknown fields are dropped at every depth, order kept, known parts shared', async (t) => {
  const input = pod();
  input.spec = { zzz: 1, ...input.spec, extra: true };
  input.spec.containers[0] = { name: 'c', bogus: {}, image: 'i', resources: { requests: { cpu: '1' } } };
  input.metadata.unknownMeta = 'x';
  const out = pruneUnknownFields(TYPES, 'core.v1.Pod', input) as Obj;
  t.not(out, input);
  t.strictSame(Object.keys(out.spec), ['containers', 'nodeSelector']);
  t.strictSame(Object.keys(out.spec.containers[0]), ['name', 'image', 'resources']);
  t.strictSame(Object.keys(out.metadata), ['name', 'labels']);
  t.equal(out.metadata.labels, input.metadata.labels, 'unchanged subtrees are shared');
  t.equal(out.status, input.status);
  t.equal(out.spec.containers[0].resources, input.spec.containers[0].resources);
  t.strictSame(input.spec.extra, true, 'the input is not changed');
});
