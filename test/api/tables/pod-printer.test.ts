import t from 'tap';
import { podSummary } from '../../../src/api/tables/pod-printer.js';

const now = Date.parse('2024-05-01T12:00:00Z');
type Obj = Record<string, unknown>;

function pod(spec: Obj, status: Obj, metadata: Obj = {}): Obj {
  return { metadata: { name: 'p', creationTimestamp: '2024-05-01T11:00:00Z', ...metadata }, spec, status };
}
const one = { containers: [{ name: 'app' }] };
const two = { containers: [{ name: 'a' }, { name: 'b' }] };
const running = (ready = true, extra: Obj = {}): Obj => ({ name: 'app', ready, restartCount: 0, state: { running: { startedAt: 'x' } }, ...extra });

t.test('running and ready', async (t) => {
  const p = pod(one, { phase: 'Running', containerStatuses: [running()] });
  t.strictSame(podSummary(p, now), { ready: '1/1', status: 'Running', restarts: '0' });
});

t.test('pending without statuses', async (t) => {
  t.strictSame(podSummary(pod(two, { phase: 'Pending' }), now), { ready: '0/2', status: 'Pending', restarts: '0' });
});

t.test('waiting reasons win: ContainerCreating, ImagePullBackOff, CrashLoopBackOff', async (t) => {
  for (const reason of ['ContainerCreating', 'ImagePullBackOff', 'CrashLoopBackOff', 'ErrImagePull']) {
    const p = pod(one, { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } } }] });
    t.equal(podSummary(p, now).status, reason);
  }
});

t.test('restarts with the time since the last termination', async (t) => {
  const p = pod(one, {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2024-05-01T11:55:00Z' } },
      },
    ],
  });
  t.strictSame(podSummary(p, now), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '5 (5m ago)' });
});

t.test('restarts without a last termination time have no suffix', async (t) => {
  const p = pod(one, { phase: 'Running', containerStatuses: [running(true, { restartCount: 2 })] });
  t.equal(podSummary(p, now).restarts, '2');
});

t.test('terminated: Completed, Error, OOMKilled, ExitCode, Signal', async (t) => {
  const term = (terminated: Obj, phase = 'Failed'): string =>
    podSummary(pod(one, { phase, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated } }] }), now).status;
  t.equal(term({ exitCode: 0, reason: 'Completed' }, 'Succeeded'), 'Completed');
  t.equal(term({ exitCode: 1, reason: 'Error' }), 'Error');
  t.equal(term({ exitCode: 137, reason: 'OOMKilled' }), 'OOMKilled');
  t.equal(term({ exitCode: 3 }), 'ExitCode:3');
  t.equal(term({ exitCode: 0, signal: 9 }), 'Signal:9');
});

t.test('Completed with a container still running reads Running or NotReady', async (t) => {
  const statuses = [running(true, { name: 'a' }), { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
  const ready = pod(two, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses });
  t.strictSame(podSummary(ready, now), { ready: '1/2', status: 'Running', restarts: '0' });
  const notReady = pod(two, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses });
  t.equal(podSummary(notReady, now).status, 'NotReady');
});

t.test('init containers', async (t) => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'app' }] };
  const waitingApp = [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }];
  const done = { name: 'i1', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  const runningInit = { name: 'i2', ready: false, restartCount: 0, state: { running: {} } };
  t.equal(podSummary(pod(spec, { phase: 'Pending', initContainerStatuses: [done, runningInit], containerStatuses: waitingApp }), now).status, 'Init:1/2');
  const crashing = { name: 'i1', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } };
  const s = podSummary(pod(spec, { phase: 'Pending', initContainerStatuses: [crashing], containerStatuses: waitingApp }), now);
  t.strictSame(s, { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '3' });
  const failed = { name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } };
  t.equal(podSummary(pod(spec, { phase: 'Failed', initContainerStatuses: [failed] }), now).status, 'Init:Error');
  const failedNoReason = { name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } };
  t.equal(podSummary(pod(spec, { phase: 'Failed', initContainerStatuses: [failedNoReason] }), now).status, 'Init:ExitCode:2');
  const allDone = [done, { ...done, name: 'i2' }];
  t.equal(podSummary(pod(spec, { phase: 'Pending', initContainerStatuses: allDone, containerStatuses: waitingApp }), now).status, 'PodInitializing');
});

t.test('sidecar (restartable init) containers count toward Ready', async (t) => {
  const spec = { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'app' }] };
  const p = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 1, state: { running: {} } }],
    containerStatuses: [running()],
  });
  t.strictSame(podSummary(p, now), { ready: '2/2', status: 'Running', restarts: '1' });
});

t.test('deletion: Terminating, but not for finished pods; NodeLost is Unknown', async (t) => {
  const deleted = { deletionTimestamp: '2024-05-01T11:59:00Z' };
  t.equal(podSummary(pod(one, { phase: 'Running', containerStatuses: [running()] }, deleted), now).status, 'Terminating');
  t.equal(podSummary(pod(one, { phase: 'Succeeded' }, deleted), now).status, 'Succeeded');
  t.equal(podSummary(pod(one, { phase: 'Running', reason: 'NodeLost' }, deleted), now).status, 'Unknown');
});

t.test('status.reason and SchedulingGated', async (t) => {
  t.equal(podSummary(pod(one, { phase: 'Failed', reason: 'Evicted' }), now).status, 'Evicted');
  const gated = pod(one, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  t.equal(podSummary(gated, now).status, 'SchedulingGated');
});
