/** Per-container probe bookkeeping: when each probe is due and its consecutive results. */
import type { Obj } from './types.js';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

interface Track {
  nextAt: number;
  successes: number;
  failures: number;
}

export class ProbeState {
  readonly containerId: string;
  readonly #tracks = new Map<ProbeKind, Track>();
  started: boolean;
  ready: boolean;

  constructor(containerId: string, container: Obj, startedAtMs: number) {
    this.containerId = containerId;
    this.started = !container.startupProbe;
    this.ready = !container.readinessProbe && this.started;
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = container[`${kind}Probe`];
      if (probe) this.#tracks.set(kind, { nextAt: startedAtMs + (probe.initialDelaySeconds ?? 0) * 1000, successes: 0, failures: 0 });
    }
  }

  /** The probes due at `now`, in the order they gate each other. */
  due(container: Obj, now: number): ProbeKind[] {
    const kinds: ProbeKind[] = this.started ? ['liveness', 'readiness'] : ['startup'];
    return kinds.filter((k) => container[`${k}Probe`] && (this.#tracks.get(k)?.nextAt ?? Infinity) <= now);
  }

  /**
   * Records a result; returns `'failed'` when the failure threshold is crossed and `'changed'`
   * when the probe's verdict flipped.
   */
  record(kind: ProbeKind, probe: Obj, ok: boolean, now: number): 'failed' | 'changed' | 'same' {
    const t = this.#tracks.get(kind)!;
    t.nextAt = now + (probe.periodSeconds ?? 10) * 1000;
    if (ok) {
      t.successes += 1;
      t.failures = 0;
    } else {
      t.failures += 1;
      t.successes = 0;
    }
    const succeeded = ok && t.successes >= (probe.successThreshold ?? 1);
    const failed = !ok && t.failures >= (probe.failureThreshold ?? 3);
    if (kind === 'startup') {
      if (succeeded) {
        this.started = true;
        if (!this.#tracks.has('readiness')) this.ready = true;
        return 'changed';
      }
      return failed ? 'failed' : 'same';
    }
    if (kind === 'liveness') return failed ? 'failed' : 'same';
    const before = this.ready;
    if (succeeded) this.ready = true;
    if (failed) this.ready = false;
    return before === this.ready ? 'same' : 'changed';
  }
}
