import t from 'tap';
import { validateObject } from '../../../src/api/schema/validate-object.js';
import { RESOURCES, type ResourceInfo } from '../../../src/api/kinds.js';

function info(kind: string): ResourceInfo {
  const found = RESOURCES.find((r) => r.kind === kind);
  if (!found) throw new Error(kind);
  return found;
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const pod = (spec: unknown, metadata: unknown = { name: 'p' }) => ({ metadata, spec });

t.test('metadata.name rules per kind', async (t) => {
  t.same(validateObject(info('Pod'), pod({ containers: [{ name: 'c', image: 'i' }] }, { name: 'Bad_Name' })), [
    { type: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`, field: 'metadata.name' },
  ]);
  t.same(validateObject(info('Namespace'), { metadata: { name: 'a.b' } }), [{ type: 'FieldValueInvalid', message: `Invalid value: "a.b": ${LABEL_MSG}`, field: 'metadata.name' }]);
  t.same(validateObject(info('ConfigMap'), { metadata: { name: 'a.b' } }), []);
  t.same(validateObject(info('Namespace'), { metadata: { name: 'x'.repeat(64) } })[0].message, `Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`);
  t.same(validateObject(info('ConfigMap'), { metadata: {} }), [{ type: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  t.same(validateObject(info('ConfigMap'), { metadata: { generateName: 'web-' } }), []);
  t.equal(validateObject(info('Service'), { metadata: { name: '1abc' }, spec: { ports: [{ port: 80 }] } })[0].field, 'metadata.name');
  t.equal(validateObject(info('CronJob'), { metadata: { name: 'c'.repeat(53) }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } } })[0].message, `Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`);
});

t.test('labels and annotations', async (t) => {
  const causes = validateObject(info('ConfigMap'), {
    metadata: { name: 'x', labels: { 'example.com/ok': 'v', 'bad key!': 'v', good: '-bad' }, annotations: { big: 'x'.repeat(256 * 1024) } },
  });
  t.same(causes.map((c) => c.field), ['metadata.labels', 'metadata.labels', 'metadata.annotations']);
  t.match(causes[0].message, /^Invalid value: "bad key!": name part must consist of alphanumeric characters/);
  t.match(causes[1].message, /^Invalid value: "-bad": a valid label must be an empty string or consist of/);
  t.same(causes[2], { type: 'FieldValueTooLong', message: 'Too long: may not be more than 262144 bytes', field: 'metadata.annotations' });
  t.same(validateObject(info('ConfigMap'), { metadata: { name: 'x', labels: { a: '' } } }), []);
  t.match(validateObject(info('ConfigMap'), { metadata: { name: 'x', labels: { '/a': '' } } })[0].message, /prefix part must be non-empty/);
});

t.test('pod spec', async (t) => {
  t.same(validateObject(info('Pod'), pod({ containers: [] })), [{ type: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }]);
  const causes = validateObject(
    info('Pod'),
    pod({
      containers: [
        { name: 'a', image: 'i', ports: [{ containerPort: 70000 }, { containerPort: 0 }] },
        { name: 'a' },
        { name: 'B', image: 'i' },
      ],
      initContainers: [{ name: 'a', image: 'i' }],
    }),
  );
  t.same(causes, [
    { type: 'FieldValueInvalid', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive', field: 'spec.containers[0].ports[0].containerPort' },
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].ports[1].containerPort' },
    { type: 'FieldValueDuplicate', message: 'Duplicate value: "a"', field: 'spec.containers[1].name' },
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[1].image' },
    { type: 'FieldValueInvalid', message: `Invalid value: "B": ${LABEL_MSG}`, field: 'spec.containers[2].name' },
    { type: 'FieldValueDuplicate', message: 'Duplicate value: "a"', field: 'spec.initContainers[0].name' },
  ]);
});

t.test('service ports', async (t) => {
  const causes = validateObject(info('Service'), { metadata: { name: 's' }, spec: { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 80 }, { port: 0 }] } });
  t.same(causes, [
    { type: 'FieldValueDuplicate', message: 'Duplicate value: "a"', field: 'spec.ports[1].name' },
    { type: 'FieldValueDuplicate', message: 'Duplicate value: "80/TCP"', field: 'spec.ports[1]' },
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.ports[2].name' },
    { type: 'FieldValueInvalid', message: 'Invalid value: 0: must be between 1 and 65535, inclusive', field: 'spec.ports[2].port' },
  ]);
  t.same(validateObject(info('Service'), { metadata: { name: 's' }, spec: {} }), [{ type: 'FieldValueRequired', message: 'Required value', field: 'spec.ports' }]);
  t.same(validateObject(info('Service'), { metadata: { name: 's' }, spec: { type: 'ExternalName', externalName: 'a.b' } }), []);
});

t.test('configmap and secret data', async (t) => {
  const causes = validateObject(info('ConfigMap'), { metadata: { name: 'c' }, data: { 'a b': 'x', k: 'v' }, binaryData: { k: 'AA==' } });
  t.same(causes, [
    { type: 'FieldValueInvalid', message: "Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", field: 'data[a b]' },
    { type: 'FieldValueInvalid', message: 'Invalid value: "k": duplicate of key present in binaryData', field: 'data[k]' },
  ]);
  const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
  t.same(validateObject(info('Secret'), { metadata: { name: 's' }, data: { k: big } }), [{ type: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes', field: 'data' }]);
  t.same(validateObject(info('Secret'), { metadata: { name: 's' }, data: { k: Buffer.alloc(1024 * 1024).toString('base64') } }), []);
});

t.test('workload selectors and counts', async (t) => {
  const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } });
  t.same(validateObject(info('Deployment'), { metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { app: 'y' } }, template: template({ app: 'x' }) } }), [
    { type: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
  ]);
  t.same(validateObject(info('ReplicaSet'), { metadata: { name: 'd' }, spec: { replicas: -1, template: template({ app: 'x' }) } }), [
    { type: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
  ]);
  t.same(
    validateObject(info('StatefulSet'), {
      metadata: { name: 'd' },
      spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'z'] }] }, template: template({ app: 'x' }) },
    }),
    [],
  );
  t.same(validateObject(info('Job'), { metadata: { name: 'j' }, spec: { template: template({}) } }), []);
  t.same(validateObject(info('Job'), { metadata: { name: 'j' }, spec: { template: { spec: { containers: [] } } } }), [
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers' },
  ]);
  t.same(validateObject(info('CronJob'), { metadata: { name: 'j' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } } }), [
    { type: 'FieldValueRequired', message: 'Required value', field: 'spec.jobTemplate.spec.template.spec.containers[0].image' },
  ]);
  t.same(validateObject(info('DaemonSet'), { metadata: { name: 'd' }, spec: { selector: {}, template: template({ a: 'b' }) } }), [
    { type: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for daemonset', field: 'spec.selector' },
  ]);
});
