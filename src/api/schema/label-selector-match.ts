/**
 * Does a metav1.LabelSelector (matchLabels + matchExpressions) select a label set?
 */

type Obj = Record<string, unknown>;

export interface LabelSelectorLike {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] | null }[] | null;
}

/** True when the selector has no requirement at all. */
export function isEmptySelector(selector: LabelSelectorLike): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

export function selectorMatches(selector: LabelSelectorLike, labels: Obj | null | undefined): boolean {
  const set = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (set[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(set, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(String(set[req.key]))) return false;
        break;
      case 'NotIn':
        if (has && values.includes(String(set[req.key]))) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
