/** Image pulls per imagePullPolicy, with Pulling/Pulled events and ErrImagePull/ImagePullBackOff. */
import type { EventInput } from './event-recorder.js';
import { imageIdOf } from './image-id.js';
import type { Waiting } from './pod-status.js';
import type { Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

function defaultPolicy(image: string): string {
  const last = image.split('/').pop() ?? image;
  if (image.includes('@')) return 'IfNotPresent';
  return !last.includes(':') || last.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/**
 * How long a failed pull shows ErrImagePull before the next attempt or ImagePullBackOff. The
 * kubelet shows it until its next sync of the pod, seconds later; this agent re-syncs a pod on
 * each of its own status writes, which would replace it at once, before anyone could see it.
 */
export const ERR_IMAGE_PULL_HOLD_MS = 5_000;

/** Resolves to undefined when the image is ready, or the waiting reason that keeps the container back. */
export async function ensureImage(deps: WorkerDeps, pod: Obj, container: Obj, fieldPath: string, previous?: Waiting): Promise<Waiting | undefined> {
  const image: string = container.image;
  const policy = container.imagePullPolicy ?? defaultPolicy(image);
  const event = (type: EventInput['type'], reason: string, message: string) => deps.events.record({ pod, fieldPath, type, reason, message });
  const status = await deps.runtime.imageStatus(image);
  if (status.present && status.digest) deps.imageIds.set(image, imageIdOf(status.ref, status.digest));
  if (policy === 'Never' && !status.present) {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    event('Warning', 'ErrImageNeverPull', message);
    return { reason: 'ErrImageNeverPull', message };
  }
  if (status.present && policy !== 'Always') {
    event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
    return undefined;
  }
  const key = `pull:${pod.metadata.uid}:${image}`;
  const now = deps.clock.now();
  if (previous?.reason === 'ErrImagePull' && now - (previous.since ?? now) < ERR_IMAGE_PULL_HOLD_MS) return previous;
  if (deps.backOff.remaining(key, now) > 0) {
    const message = `Back-off pulling image "${image}"`;
    if (previous?.reason !== 'ImagePullBackOff') event('Normal', 'BackOff', message);
    return { reason: 'ImagePullBackOff', message };
  }
  event('Normal', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  try {
    const info = await deps.runtime.pullImage(image);
    deps.imageIds.set(image, imageIdOf(info.ref, info.digest));
    deps.backOff.reset(key);
    event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${Date.now() - started}ms`);
    return undefined;
  } catch (err) {
    deps.backOff.wait(key, `failed@${now}`, now);
    const message = `Failed to pull image "${image}": ${(err as Error).message}`;
    event('Warning', 'Failed', message);
    event('Warning', 'Failed', 'Error: ErrImagePull');
    return { reason: 'ErrImagePull', message, since: now };
  }
}
