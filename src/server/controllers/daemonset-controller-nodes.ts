import type { KubeObject } from '../rest/object-api.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  untoleratedTaint,
} from './node-lifecycle-controller-taints.js';

/** The tolerations upstream adds to every daemon pod. */
export function addDaemonTolerations(spec: KubeObject): void {
  const wanted: KubeObject[] = [
    { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) wanted.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const have: KubeObject[] = spec.tolerations ?? [];
  const missing = wanted.filter((w) => !have.some((t) => t.key === w.key && t.effect === w.effect && (t.operator ?? 'Equal') === 'Exists'));
  if (missing.length) spec.tolerations = [...have, ...missing];
}

/** Do a node's labels and name satisfy required nodeSelectorTerms (any term, all its requirements)? */
export function matchesNodeSelectorTerms(terms: KubeObject[], node: KubeObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  const fields: Record<string, string> = { 'metadata.name': node.metadata.name };
  const check = (req: KubeObject, set: Record<string, string>): boolean => {
    const has = Object.prototype.hasOwnProperty.call(set, req.key);
    const value = set[req.key];
    const values: string[] = req.values ?? [];
    switch (req.operator) {
      case 'In':
        return has && values.includes(value);
      case 'NotIn':
        return !has || !values.includes(value);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
        return has && Number(value) > Number(values[0]);
      case 'Lt':
        return has && Number(value) < Number(values[0]);
      default:
        return false;
    }
  };
  return terms.some((term) => {
    const exprs: KubeObject[] = term.matchExpressions ?? [];
    const flds: KubeObject[] = term.matchFields ?? [];
    if (exprs.length === 0 && flds.length === 0) return false;
    return exprs.every((r) => check(r, labels)) && flds.every((r) => check(r, fields));
  });
}

export interface NodeFit {
  /** A new daemon pod may be placed here. */
  schedule: boolean;
  /** An existing daemon pod may stay. */
  keep: boolean;
}

/** Upstream's `NodeShouldRunDaemonPod`, for a pod spec that already carries the daemon tolerations. */
export function daemonNodeFit(podSpec: KubeObject, node: KubeObject): NodeFit {
  const selector: Record<string, string> = podSpec.nodeSelector ?? {};
  const labels: Record<string, string> = node.metadata.labels ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return { schedule: false, keep: false };
  const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !matchesNodeSelectorTerms(terms, node)) return { schedule: false, keep: false };
  const taints: KubeObject[] = node.spec?.taints ?? [];
  const tolerations: KubeObject[] = podSpec.tolerations ?? [];
  if (untoleratedTaint(taints, tolerations, ['NoExecute'])) return { schedule: false, keep: false };
  if (untoleratedTaint(taints, tolerations, ['NoSchedule'])) return { schedule: false, keep: true };
  return { schedule: true, keep: true };
}

