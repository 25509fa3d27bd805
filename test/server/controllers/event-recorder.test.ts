import t from 'tap';
import { createEventRecorder } from '../../../src/server/controllers/event-recorder.js';
import { inProcessApi } from './workload-controllers-harness.js';

t.test('writes core/v1 Events and aggregates repeats within ten minutes', async (t) => {
  const { client, now, clock } = await inProcessApi();
  const cm = await client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'thing' } });
  const rec = createEventRecorder(client, { component: 'test-controller', host: 'h1', now });
  await rec.record(cm, 'Warning', 'Broken', 'it broke', 'spec.x');
  let events = client.list('events', 'default');
  t.equal(events.length, 1);
  const [ev] = events;
  t.match(ev.metadata.name, /^thing\.[0-9a-f]{16}$/);
  t.same(ev.involvedObject, { kind: 'ConfigMap', namespace: 'default', name: 'thing', uid: cm.metadata.uid, apiVersion: 'v1', resourceVersion: cm.metadata.resourceVersion, fieldPath: 'spec.x' });
  t.same(ev.source, { component: 'test-controller', host: 'h1' });
  t.equal(ev.reportingComponent, 'test-controller');
  t.equal(ev.count, 1);
  t.equal(ev.type, 'Warning');
  t.equal(ev.firstTimestamp, '2025-01-01T00:00:00Z');

  clock.now += 60_000;
  await rec.record(cm, 'Warning', 'Broken', 'it broke', 'spec.x');
  events = client.list('events', 'default');
  t.equal(events.length, 1, 'aggregated');
  t.equal(events[0].count, 2);
  t.equal(events[0].lastTimestamp, '2025-01-01T00:01:00Z');
  t.equal(events[0].firstTimestamp, '2025-01-01T00:00:00Z');

  const fresh = createEventRecorder(client, { component: 'test-controller', now });
  await fresh.record(cm, 'Warning', 'Broken', 'it broke', 'spec.x');
  t.equal(client.list('events', 'default')[0].count, 3, 'found through a field-selector list without the in-memory index');

  await rec.record(cm, 'Warning', 'Broken', 'another message');
  t.equal(client.list('events', 'default').length, 2, 'a different message is a new event');
  clock.now += 11 * 60_000;
  await rec.record(cm, 'Warning', 'Broken', 'it broke', 'spec.x');
  t.equal(client.list('events', 'default').length, 3, 'after ten minutes, a new event');
});

t.test('an Event about a cluster-scoped object: no unset fields, in the object or its managedFields', async (t) => {
  const { client, now } = await inProcessApi();
  const node = await client.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  const rec = createEventRecorder(client, { component: 'node-controller', now });
  await rec.record(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
  const [ev] = client.list('events', 'default');
  t.strictSame(Object.keys(ev.involvedObject), ['kind', 'name', 'uid', 'apiVersion', 'resourceVersion']);
  t.strictSame(ev.source, { component: 'node-controller' });
  const fields = ev.metadata.managedFields[0].fieldsV1;
  t.strictSame(Object.keys(fields['f:involvedObject']), ['f:apiVersion', 'f:kind', 'f:name', 'f:resourceVersion', 'f:uid']);
  t.equal(ev.metadata.managedFields[0].manager, 'mk8s-controller-manager');
});
