/** Pull, create and start one container attempt, with the kubelet's events and waiting reasons. */
import { rm } from 'node:fs/promises';
import type { Sandbox } from '../runtime/index.js';
import { containerEnv } from './container-env.js';
import { buildContainerSpec } from './container-spec.js';
import { ensureImage } from './ensure-image.js';
import type { PodContext } from './field-ref.js';
import { ConfigError, type ObjectSource } from './object-source.js';
import type { ContainerHistory } from './observe-pod.js';
import { containerLogPath } from './paths.js';
import type { Waiting } from './pod-status.js';
import { containerMounts } from './pod-volumes.js';
import type { Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

export interface StartRequest {
  ctx: PodContext;
  container: Obj;
  fieldPath: string;
  sandbox: Sandbox;
  volumePaths: Map<string, string>;
  source: ObjectSource;
  attempt: number;
  history?: ContainerHistory;
  /** The waiting reason the container had (to avoid repeating back-off events). */
  previous?: Waiting;
}

export type StartResult = { id: string } | { waiting: Waiting };

/** Removes attempts older than the previous one (and their logs), keeping `--previous` working. */
async function pruneOld(deps: WorkerDeps, uid: string, history: ContainerHistory | undefined): Promise<void> {
  const old = [...(history?.stale ?? []), ...(history?.previous ? [history.previous] : [])];
  for (const c of old) {
    await deps.runtime.removeContainer(c.id);
    await rm(containerLogPath(deps.dataDir, uid, c.name, c.attempt), { force: true });
  }
}

export async function startContainer(deps: WorkerDeps, req: StartRequest): Promise<StartResult> {
  const { ctx, container, fieldPath } = req;
  const pod = ctx.pod;
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => deps.events.record({ pod, fieldPath, type, reason, message });
  const pulled = await ensureImage(deps, pod, container, fieldPath, req.previous);
  if (pulled) return { waiting: pulled };
  let spec;
  try {
    const env = await containerEnv(ctx, container, req.source);
    const mounts = await containerMounts(pod, container, req.volumePaths);
    const logPath = containerLogPath(deps.dataDir, pod.metadata.uid, container.name, req.attempt);
    const built = buildContainerSpec({ pod, container, env, mounts, attempt: req.attempt, logPath });
    for (const w of built.warnings) event('Warning', 'Failed', w);
    spec = built.spec;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    event('Warning', 'Failed', `Error: ${err.message}`);
    return { waiting: { reason: 'CreateContainerConfigError', message: err.message } };
  }
  // The attempt being replaced becomes the previous one; anything older goes.
  await pruneOld(deps, pod.metadata.uid, req.history);
  let id: string;
  try {
    id = await deps.runtime.createContainer(req.sandbox, spec);
  } catch (err) {
    event('Warning', 'Failed', `Error: ${(err as Error).message}`);
    return { waiting: { reason: 'CreateContainerError', message: (err as Error).message } };
  }
  event('Normal', 'Created', `Created container: ${container.name}`);
  try {
    await deps.runtime.startContainer(id);
  } catch (err) {
    event('Warning', 'Failed', `Error: ${(err as Error).message}`);
    await deps.runtime.removeContainer(id).catch(() => undefined);
    return { waiting: { reason: 'RunContainerError', message: (err as Error).message } };
  }
  event('Normal', 'Started', `Started container ${container.name}`);
  return { id };
}
