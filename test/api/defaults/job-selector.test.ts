import t from 'tap';
import { applyJobSelector } from '../../../src/api/defaults/job-selector.js';

const UID = '0b6c1c1e-2d6f-4d8c-9f5e-1a2b3c4d5e6f';

t.test('generates labels and selector', async (t) => {
  const job = { metadata: { name: 'pi', uid: UID }, spec: { template: { spec: { containers: [] } } } };
  const snapshot = structuredClone(job);
  const out = applyJobSelector(job);
  t.strictSame(job, snapshot, 'input untouched');
  const labels = {
    'job-name': 'pi',
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': UID,
    'batch.kubernetes.io/controller-uid': UID,
  };
  t.strictSame(out, {
    metadata: { name: 'pi', uid: UID, labels },
    spec: {
      template: { spec: { containers: [] }, metadata: { labels } },
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    },
  });
});

t.test('keeps user labels and an explicit uid argument wins', async (t) => {
  const out = applyJobSelector({ metadata: { name: 'j', labels: { team: 'a' } }, spec: { template: { metadata: { labels: { app: 'x', 'job-name': 'custom' } } } } }, 'u-1') as unknown as {
    metadata: { labels: unknown }; spec: { template: { metadata: { labels: unknown } }; selector: unknown };
  };
  t.strictSame(out.spec.template.metadata.labels, {
    app: 'x',
    'job-name': 'custom',
    'batch.kubernetes.io/job-name': 'j',
    'controller-uid': 'u-1',
    'batch.kubernetes.io/controller-uid': 'u-1',
  });
  t.strictSame(out.metadata.labels, { team: 'a' });
  t.strictSame(out.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
});

t.test('manualSelector leaves the job alone', async (t) => {
  const job = { metadata: { name: 'm', uid: UID }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } } };
  const out = applyJobSelector(job);
  t.strictSame(out, job);
  t.not(out, job);
});

t.test('no uid is an error', async (t) => {
  t.throws(() => applyJobSelector({ metadata: { name: 'x' }, spec: {} }), { name: 'TypeError', message: 'Cannot generate a selector for Job "x": no uid given and metadata.uid is empty' });
});
