import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.js';
import type { KubeObject } from '../rest/object-api.js';
import type { CycleState, PodInfo } from './types.js';

/** One NodeSelectorRequirement against a node's labels (or, for matchFields, its name). */
function requirementMatches(req: KubeObject, value: string | undefined): boolean {
  const values: string[] = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const [a, b] = [Number.parseInt(value, 10), Number.parseInt(values[0], 10)];
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: its expressions and fields ANDed; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: KubeObject, node: KubeObject): boolean {
  const exprs: KubeObject[] = term.matchExpressions ?? [];
  const fields: KubeObject[] = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const e of exprs) if (!requirementMatches(e, labels[e.key])) return false;
  for (const f of fields) {
    if (f.key !== 'metadata.name' || !requirementMatches(f, node.metadata?.name)) return false;
  }
  return true;
}

/** nodeSelector and required node affinity (terms ORed). */
export function podMatchesNodeSelectorAndAffinity(pod: KubeObject, node: KubeObject): boolean {
  const selector: Record<string, string> | undefined = pod.spec?.nodeSelector;
  if (selector) {
    const labels = node.metadata?.labels ?? {};
    for (const k in selector) if (labels[k] !== selector[k]) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t: KubeObject) => nodeSelectorTermMatches(t, node));
}

/** Whether a toleration tolerates a taint (v1.Toleration.ToleratesTaint). */
export function tolerates(toleration: KubeObject, taint: KubeObject): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export function toleratesTaint(pod: KubeObject, taint: KubeObject): boolean {
  return (pod.spec?.tolerations ?? []).some((t: KubeObject) => tolerates(t, taint));
}

/** A label selector parsed once per cycle; a malformed one matches nothing. */
export function selectorFor(state: CycleState, key: string, sel: KubeObject | undefined): LabelSelector | undefined {
  return state.memo(`selector:${key}`, () => {
    try {
      return labelSelectorFromObject(sel);
    } catch {
      return undefined;
    }
  });
}

/** A PodAffinityTerm (of `owner`) matching a pod: namespaces (default the owner's) and selector. */
export function termMatchesPod(term: KubeObject, owner: PodInfo, selector: LabelSelector | undefined, pod: PodInfo): boolean {
  const namespaces: string[] = term.namespaces?.length ? term.namespaces : term.namespaceSelector ? [] : [owner.namespace];
  if (namespaces.length > 0 && !namespaces.includes(pod.namespace)) return false;
  return selector?.matches(pod.labels) ?? false;
}
