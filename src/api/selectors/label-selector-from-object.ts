/**
 * metav1.LabelSelector (`{matchLabels, matchExpressions}`) as a matcher, and its string form.
 * An empty selector matches everything; a null or absent one matches nothing.
 */

import { BadRequestError } from '../../errors.js';
import { NOTHING, makeRequirement, selectorOf, type LabelOperator, type LabelRequirement, type LabelSelector } from './label-requirement.js';

export interface LabelSelectorRequirementObject {
  key: string;
  operator: string; // In, NotIn, Exists, DoesNotExist
  values?: string[] | null;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementObject[] | null;
}

const OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * The matcher for a metav1.LabelSelector.
 * @throws BadRequestError for an unknown operator or an invalid key, value or value count.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject | null | undefined): LabelSelector {
  if (sel == null) return NOTHING;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    requirements.push(check(makeRequirement(key, '=', [value])));
  }
  for (const expr of sel.matchExpressions ?? []) {
    const op = OPERATORS[expr.operator];
    if (!op) throw new BadRequestError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    requirements.push(check(makeRequirement(expr.key, op, expr.values ?? [])));
  }
  return selectorOf(requirements);
}

/**
 * The string form of a metav1.LabelSelector (`app=web,tier in (a,b)`), as the scale
 * subresource reports in `status.selector`. Empty for an empty or null selector.
 */
export function selectorToString(sel: LabelSelectorObject | null | undefined): string {
  return labelSelectorFromObject(sel).toString();
}

function check(r: LabelRequirement | string): LabelRequirement {
  if (typeof r === 'string') throw new BadRequestError(r);
  return r;
}
