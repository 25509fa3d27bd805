import t from 'tap';
import { BackOff } from '../../src/agent/back-off.js';
import { ManualClock } from '../../src/agent/clock.js';
import { ensureImage, ERR_IMAGE_PULL_HOLD_MS } from '../../src/agent/ensure-image.js';
import type { EventInput } from '../../src/agent/event-recorder.js';
import type { Waiting } from '../../src/agent/pod-status.js';
import type { WorkerDeps } from '../../src/agent/worker-deps.js';
import { FakeRuntime } from '../../src/runtime/index.js';

function setup(unpullable: string[] = []) {
  const clock = new ManualClock();
  const runtime = new FakeRuntime({ unpullable });
  const events: string[] = [];
  const deps = {
    runtime, clock, backOff: new BackOff(), imageIds: new Map<string, string>(),
    events: { record: (e: EventInput) => events.push(`${e.reason}: ${e.message}`) },
  } as unknown as WorkerDeps;
  const pod = { metadata: { uid: 'u1', namespace: 'ns', name: 'p' } };
  let previous: Waiting | undefined;
  /** One sync of the container's image, as the pod worker does it: the last waiting reason goes back in. */
  const sync = async (image: string, policy = 'IfNotPresent') => {
    previous = await ensureImage(deps, pod, { name: 'c', image, imagePullPolicy: policy }, 'spec.containers{c}', previous);
    return previous?.reason;
  };
  return { clock, runtime, events, deps, sync };
}

t.test('a pulled image: Pulling then Pulled, and its repository digest as imageID', async (t) => {
  const { events, deps, sync } = setup();
  t.equal(await sync('127.0.0.1:5000/mk8s-e2e/busybox:v1', 'Always'), undefined, 'ready');
  t.match(events, [/^Pulling: Pulling image "127.0.0.1:5000\/mk8s-e2e\/busybox:v1"$/, /^Pulled: Successfully pulled image .* in \d+ms$/]);
  t.match(deps.imageIds.get('127.0.0.1:5000/mk8s-e2e/busybox:v1'), /^127\.0\.0\.1:5000\/mk8s-e2e\/busybox@sha256:/);
});

t.test('a failed pull shows ErrImagePull for a while, then alternates with ImagePullBackOff', async (t) => {
  const { clock, runtime, events, sync } = setup(['nope:1']);
  const pulls = () => runtime.calls.filter((c) => c.op === 'pullImage').length;
  t.equal(await sync('nope:1'), 'ErrImagePull', 'first failure');
  t.equal(await sync('nope:1'), 'ErrImagePull', 'a re-sync right after (its own status write) keeps ErrImagePull');
  t.equal(pulls(), 1, 'and does not pull again');
  clock.advance(ERR_IMAGE_PULL_HOLD_MS);
  t.equal(await sync('nope:1'), 'ErrImagePull', 'the first retry is immediate once ErrImagePull was shown; it fails again');
  t.equal(pulls(), 2);
  clock.advance(ERR_IMAGE_PULL_HOLD_MS);
  t.equal(await sync('nope:1'), 'ImagePullBackOff', 'then back-off (10 s from the second failure)');
  t.equal(await sync('nope:1'), 'ImagePullBackOff', 'still');
  t.equal(pulls(), 2, 'no pull during back-off');
  clock.advance(10_000 - ERR_IMAGE_PULL_HOLD_MS);
  t.equal(await sync('nope:1'), 'ErrImagePull', 'back-off over: a pull, failing');
  t.equal(pulls(), 3);
  t.equal(events.filter((e) => e === 'Failed: Error: ErrImagePull').length, 3, 'one ErrImagePull event per failed pull');
  t.equal(events.filter((e) => e.startsWith('BackOff: Back-off pulling image "nope:1"')).length, 1, 'one BackOff event per back-off');
});

t.test('an image that appears while ErrImagePull is shown is used at once', async (t) => {
  const unpullable = ['mk8s.local/late:1'];
  const { runtime, sync } = setup(unpullable);
  t.equal(await sync('mk8s.local/late:1'), 'ErrImagePull');
  unpullable.pop();
  await runtime.pullImage('mk8s.local/late:1'); // as an import (mk8s image import, auto-import dir) would
  t.equal(await sync('mk8s.local/late:1'), undefined, 'present with IfNotPresent: ready, no hold');
});
