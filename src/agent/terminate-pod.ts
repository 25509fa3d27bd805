/** Stopping a pod: preStop hooks, stop with the grace period, then containers, sandbox and files removed. */
import { rm } from 'node:fs/promises';
import { LABELS } from '../runtime/index.js';
import { observePod } from './observe-pod.js';
import { podDir } from './paths.js';
import { runProbe } from './run-probe.js';
import type { Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

/** Stops every running container of the pod within `graceSeconds` (preStop included). */
export async function stopPodContainers(deps: WorkerDeps, pod: Obj, graceSeconds: number, podIP: string): Promise<void> {
  const observed = await observePod(deps.runtime, pod.metadata.uid);
  const specs = new Map<string, [Obj, string]>();
  for (const c of pod.spec?.initContainers ?? []) specs.set(c.name, [c, `spec.initContainers{${c.name}}`]);
  for (const c of pod.spec?.containers ?? []) specs.set(c.name, [c, `spec.containers{${c.name}}`]);
  const started = deps.clock.now();
  await Promise.all([...observed.values()].filter((h) => h.current.status.state === 'running').map(async (h) => {
    const [spec, fieldPath]: [Obj, string | undefined] = specs.get(h.current.name) ?? [{ name: h.current.name }, undefined];
    const preStop = spec.lifecycle?.preStop;
    if (preStop && graceSeconds > 0) {
      const result = await runProbe(preStop, { runtime: deps.runtime, containerId: h.current.id, container: spec, podIP }, graceSeconds);
      if (!result.ok) deps.events.record({ pod, fieldPath, type: 'Warning', reason: 'FailedPreStopHook', message: `PreStopHook failed: ${result.message}` });
    }
    deps.events.record({ pod, fieldPath, type: 'Normal', reason: 'Killing', message: `Stopping container ${h.current.name}` });
    const elapsed = Math.floor((deps.clock.now() - started) / 1000);
    const remaining = Math.max(Math.min(graceSeconds, 2), graceSeconds - elapsed);
    await deps.runtime.stopContainer(h.current.id, remaining);
  }));
}

/** Removes the pod's containers, sandbox, volumes and logs; safe to repeat. */
export async function removePodResources(deps: WorkerDeps, uid: string): Promise<void> {
  for (const c of await deps.runtime.listContainers({ labels: { [LABELS.podUid]: uid } })) await deps.runtime.removeContainer(c.id);
  for (const s of await deps.runtime.listSandboxes({ uid })) await deps.runtime.removeSandbox(s.id);
  await rm(podDir(deps.dataDir, uid), { recursive: true, force: true });
}

/** Finishes a graceful deletion: the pod leaves the API (grace 0, uid precondition). */
export async function finishDeletion(deps: WorkerDeps, pod: Obj): Promise<void> {
  const { namespace, name, uid } = pod.metadata;
  const res = await deps.client.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(name)}`, {
    body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid } },
  });
  if (res.status >= 300 && res.status !== 404 && res.status !== 409) {
    throw new Error(`cannot finish deleting pod "${namespace}/${name}": ${res.body?.message ?? res.status}`);
  }
}
