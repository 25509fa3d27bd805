/** Runs the due startup, liveness and readiness probes of a pod's running containers. */
import type { ContainerHistory } from './observe-pod.js';
import { ProbeState, type ProbeKind } from './probe-state.js';
import { runProbe } from './run-probe.js';
import type { Obj } from './types.js';
import type { WorkerDeps } from './worker-deps.js';

const TITLE: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

/**
 * Updates `probes` (keyed by container id) and kills containers whose liveness or startup probe
 * failed; returns true when it killed one (the caller re-reads the runtime).
 */
export async function runPodProbes(deps: WorkerDeps, pod: Obj, podIP: string, observed: Map<string, ContainerHistory>, probes: Map<string, ProbeState>): Promise<boolean> {
  const live = new Set<string>();
  let killed = false;
  await Promise.all((pod.spec.containers ?? []).map(async (container: Obj) => {
    const cur = observed.get(container.name)?.current;
    if (!cur || cur.status.state !== 'running') return;
    live.add(cur.id);
    let state = probes.get(cur.id);
    if (!state) probes.set(cur.id, (state = new ProbeState(cur.id, container, deps.clock.now())));
    const fieldPath = `spec.containers{${container.name}}`;
    for (const kind of state.due(container, deps.clock.now())) {
      const probe = container[`${kind}Probe`];
      const result = await runProbe(probe, { runtime: deps.runtime, containerId: cur.id, container, podIP }, probe.timeoutSeconds ?? 1);
      const verdict = state.record(kind, probe, result.ok, deps.clock.now());
      if (!result.ok) deps.events.record({ pod, fieldPath, type: 'Warning', reason: 'Unhealthy', message: `${TITLE[kind]} probe failed: ${result.message}` });
      if (verdict === 'failed' && kind !== 'readiness') {
        deps.events.record({ pod, fieldPath, type: 'Normal', reason: 'Killing', message: `Container ${container.name} failed ${kind} probe, will be restarted` });
        const grace = probe.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
        await deps.runtime.stopContainer(cur.id, grace);
        killed = true;
        break;
      }
    }
  }));
  for (const id of [...probes.keys()]) if (!live.has(id)) probes.delete(id);
  return killed;
}
