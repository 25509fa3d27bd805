import type { KubeObject } from '../../rest/object-api.js';
import { selectorFor, termMatchesPod } from '../match.js';
import type { CycleState, FilterPlugin, NodeInfo, PodInfo } from '../types.js';

interface RequiredState {
  /** Per affinity term: topology values where a matching pod runs. */
  affinity: { key: string; values: Set<string> }[];
  /** Incoming pod allowed anywhere: no pod matches its terms yet, but it matches them itself. */
  affinityBootstrap: boolean;
  anti: { key: string; values: Set<string> }[];
  /** topologyKey → values forbidden by bound pods' anti-affinity. */
  existing: Map<string, Set<string>>;
}

const required = (pod: KubeObject, kind: 'podAffinity' | 'podAntiAffinity'): KubeObject[] =>
  pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

/** Topology values (of `key`) of nodes that hold a pod matched by `term` of `owner`. */
export function domainsWithMatches(state: CycleState, owner: PodInfo, term: KubeObject, memoKey: string): Set<string> {
  const selector = selectorFor(state, memoKey, term.labelSelector);
  const out = new Set<string>();
  for (const node of state.nodes) {
    const value = node.node.metadata?.labels?.[term.topologyKey];
    if (value === undefined || out.has(value)) continue;
    for (const p of node.pods.values()) {
      if (termMatchesPod(term, owner, selector, p)) {
        out.add(value);
        break;
      }
    }
  }
  return out;
}

function prepare(pod: PodInfo, state: CycleState): RequiredState {
  const affinityTerms = required(pod.pod, 'podAffinity');
  const affinity = affinityTerms.map((t, i) => ({ key: t.topologyKey as string, values: domainsWithMatches(state, pod, t, `ipa:${i}`) }));
  const selfMatch = affinityTerms.every((t, i) => termMatchesPod(t, pod, selectorFor(state, `ipa:${i}`, t.labelSelector), pod));
  const anti = required(pod.pod, 'podAntiAffinity').map((t, i) => ({ key: t.topologyKey as string, values: domainsWithMatches(state, pod, t, `ipaa:${i}`) }));
  const existing = new Map<string, Set<string>>();
  for (const other of state.podsWithAntiAffinity) {
    const node = other.nodeName ? state.node(other.nodeName) : undefined;
    if (!node?.node) continue;
    required(other.pod, 'podAntiAffinity').forEach((t, i) => {
      const value = node.node.metadata?.labels?.[t.topologyKey];
      if (value === undefined) return;
      if (!termMatchesPod(t, other, selectorFor(state, `existing:${other.key}:${i}`, t.labelSelector), pod)) return;
      let set = existing.get(t.topologyKey);
      if (!set) existing.set(t.topologyKey, (set = new Set()));
      set.add(value);
    });
  }
  return { affinity, affinityBootstrap: affinity.every((a) => a.values.size === 0) && selfMatch, anti, existing };
}

/** Required pod affinity and anti-affinity, both the incoming pod's and that of bound pods. */
export const interPodAffinityFilter: FilterPlugin = {
  name: 'InterPodAffinity',
  skip: (pod, state) => state.podsWithAntiAffinity.size === 0 && !pod.pod.spec?.affinity?.podAffinity && !pod.pod.spec?.affinity?.podAntiAffinity,
  filter(pod, node: NodeInfo, state) {
    if (state.podsWithAntiAffinity.size === 0 && !pod.pod.spec?.affinity?.podAffinity && !pod.pod.spec?.affinity?.podAntiAffinity) return undefined;
    const s = state.memo('InterPodAffinity', () => prepare(pod, state));
    const labels: Record<string, string> = node.node.metadata?.labels ?? {};
    for (const [key, values] of s.existing) {
      if (labels[key] !== undefined && values.has(labels[key])) return "node(s) didn't satisfy existing pods anti-affinity rules";
    }
    if (!s.affinityBootstrap) {
      for (const a of s.affinity) {
        if (labels[a.key] === undefined || !a.values.has(labels[a.key])) return "node(s) didn't match pod affinity rules";
      }
    }
    for (const a of s.anti) {
      if (labels[a.key] !== undefined && a.values.has(labels[a.key])) return "node(s) didn't match pod anti-affinity rules";
    }
    return undefined;
  },
};
