/**
 * One label requirement (`key op values`), its validation, its test against a label set and its
 * string form. A selector is a list of requirements ANDed together, kept sorted by key.
 */

import { labelKeyError, labelValueError } from './label-validation.js';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted, de-duplicated. */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

/** A parsed label selector: its requirements (sorted by key), a test, and the canonical string. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** True for a selector with no requirements (matches everything) — false for the match-nothing one. */
  readonly empty: boolean;
  matches(labels: Labels): boolean;
  toString(): string;
}

/**
 * Builds a requirement or returns why it is invalid (the message upstream gives, field path first).
 */
export function makeRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement | string {
  const keyError = labelKeyError(key);
  if (keyError) return `key: Invalid value: ${JSON.stringify(key)}: ${keyError}`;
  const shown = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) return `values: Invalid value: ${shown}: for 'in', 'notin' operators, values set can't be empty`;
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) return `values: Invalid value: ${shown}: exact-match compatibility requires one single value`;
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) return `values: Invalid value: ${shown}: values set must be empty for exists and does not exist`;
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) return `values: Invalid value: ${shown}: for 'Gt', 'Lt' operators, exactly one value is required`;
      if (!/^[-+]?\d+$/.test(values[0]!)) {
        return `values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`;
      }
      return { key, operator, values: [...values] };
  }
  for (let i = 0; i < values.length; i++) {
    const valueError = labelValueError(values[i]!);
    if (valueError) return `values[${i}][${key}]: Invalid value: ${JSON.stringify(values[i])}: ${valueError}`;
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

/** Whether `labels` satisfies the requirement. */
export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[-+]?\d+$/.test(value!)) return false;
      const have = BigInt(value!);
      const want = BigInt(r.values[0]!);
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** The requirement's string form: `k`, `!k`, `k=v`, `k!=v`, `k in (a,b)`, `k>3`. */
export function requirementToString(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** A selector over requirements (sorted here by key, stably). */
export function selectorOf(requirements: readonly LabelRequirement[]): LabelSelector {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = sorted.map(requirementToString).join(',');
  return {
    requirements: sorted,
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels)),
    toString: () => text,
  };
}

/** The selector that matches nothing (a null metav1.LabelSelector). */
export const NOTHING: LabelSelector = {
  requirements: [],
  empty: false,
  matches: () => false,
  toString: () => '',
};
