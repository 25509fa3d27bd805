import t from 'tap';
import { parseFieldSelector } from '../../../src/api/selectors/parse-field-selector.js';
import { fieldSelectorFields } from '../../../src/api/selectors/field-selector-fields.js';
import { RESOURCES } from '../../../src/api/kinds.js';

const podFields = fieldSelectorFields({ group: '', resource: 'pods' });
const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always' },
  status: { phase: 'Running', podIPs: [{ ip: '10.42.0.5' }] },
};
const unscheduled = { metadata: { name: 'web-2', namespace: 'default' }, spec: {}, status: { phase: 'Pending' } };

t.test('empty selector matches everything', async (t) => {
  const s = parseFieldSelector('', podFields);
  t.equal(s.empty, true);
  t.strictSame(s.requirements, []);
  t.equal(s.matches(pod), true);
});

t.test('=, == and != with comma AND', async (t) => {
  t.equal(parseFieldSelector('metadata.name=web-1', podFields).matches(pod), true);
  t.equal(parseFieldSelector('metadata.name==web-1', podFields).matches(pod), true);
  t.equal(parseFieldSelector('metadata.name!=web-1', podFields).matches(pod), false);
  t.equal(parseFieldSelector('spec.nodeName=n1,status.phase=Running', podFields).matches(pod), true);
  t.equal(parseFieldSelector('spec.nodeName=n1,status.phase!=Running', podFields).matches(pod), false);
  t.strictSame(parseFieldSelector('metadata.name==a,status.phase!=b', podFields).requirements, [
    { field: 'metadata.name', op: '=', value: 'a' },
    { field: 'status.phase', op: '!=', value: 'b' },
  ]);
});

t.test('missing fields compare as empty; defaults and mapped fields', async (t) => {
  t.equal(parseFieldSelector('spec.nodeName=', podFields).matches(unscheduled), true);
  t.equal(parseFieldSelector('spec.nodeName=', podFields).matches(pod), false);
  t.equal(parseFieldSelector('spec.nodeName!=', podFields).matches(pod), true);
  t.equal(parseFieldSelector('spec.hostNetwork=false', podFields).matches(pod), true);
  t.equal(parseFieldSelector('spec.hostNetwork=true', podFields).matches({ spec: { hostNetwork: true } }), true);
  t.equal(parseFieldSelector('status.podIP=10.42.0.5', podFields).matches(pod), true);
  const jobFields = fieldSelectorFields({ group: 'batch', resource: 'jobs' });
  t.equal(parseFieldSelector('status.successful=0', jobFields).matches({ status: {} }), true);
  t.equal(parseFieldSelector('status.successful=2', jobFields).matches({ status: { succeeded: 2 } }), true);
  const nodeFields = fieldSelectorFields({ group: '', resource: 'nodes' });
  t.equal(parseFieldSelector('spec.unschedulable=false', nodeFields).matches({ spec: {} }), true);
  const evFields = fieldSelectorFields({ group: '', resource: 'events' });
  const ev = { involvedObject: { name: 'web-1', uid: 'u1' }, source: { component: 'kubelet' }, reportingComponent: 'kubelet' };
  t.equal(parseFieldSelector('involvedObject.name=web-1,involvedObject.uid=u1,source=kubelet', evFields).matches(ev), true);
});

t.test('backslash escapes in values', async (t) => {
  const s = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d', podFields);
  t.strictSame(s.requirements, [{ field: 'metadata.name', op: '=', value: 'a,b=c\\d' }]);
  t.equal(s.matches({ metadata: { name: 'a,b=c\\d' } }), true);
  t.equal(s.toString(), 'metadata.name=a\\,b\\=c\\\\d');
});

t.test('errors', async (t) => {
  t.throws(() => parseFieldSelector('spec.foo=x', podFields), { message: 'field label not supported: spec.foo', code: 400 });
  t.throws(() => parseFieldSelector('metadata.name', podFields), {
    message: "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
  });
  t.throws(() => parseFieldSelector('metadata.name=a=b', podFields), { message: /unescaped character/ });
  t.throws(() => parseFieldSelector('metadata.name=a\\b', podFields), { message: /invalid escape sequence/ });
  t.throws(() => parseFieldSelector('type=Opaque', podFields), { message: 'field label not supported: type' });
});

t.test('fieldSelectorFields per kind', async (t) => {
  const byKey = Object.fromEntries(RESOURCES.map((r) => [`${r.group}/${r.resource}`, fieldSelectorFields(r)]));
  for (const fields of Object.values(byKey)) t.strictSame(fields.slice(0, 2), ['metadata.name', 'metadata.namespace']);
  t.strictSame(byKey['/pods']!.slice(2), [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ]);
  t.strictSame(byKey['/secrets']!.slice(2), ['type']);
  t.strictSame(byKey['/nodes']!.slice(2), ['spec.unschedulable']);
  t.strictSame(byKey['/namespaces']!.slice(2), ['status.phase']);
  t.strictSame(byKey['/services']!.slice(2), ['spec.clusterIP', 'spec.type']);
  t.strictSame(byKey['batch/jobs']!.slice(2), ['status.successful']);
  t.strictSame(byKey['apps/replicasets']!.slice(2), ['status.replicas']);
  t.strictSame(byKey['/configmaps'], ['metadata.name', 'metadata.namespace']);
  t.equal(byKey['/events']!.length, 13);
  t.ok(byKey['/events']!.includes('involvedObject.uid'));
});
