/**
 * The field selector query syntax (`?fieldSelector=`): terms `k=v`, `k==v`, `k!=v` separated by
 * commas (AND). In values, `\,` `\=` and `\\` stand for `,` `=` and `\`.
 */

import { BadRequestError } from '../../errors.js';
import { fieldValue } from './field-value.js';

export interface FieldRequirement {
  readonly field: string;
  /** `==` is reported as `=`. */
  readonly op: '=' | '!=';
  /** Unescaped. */
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  matches(obj: unknown): boolean;
  toString(): string;
}

const OPS = ['!=', '==', '='] as const;

/** Splits at commas that are not escaped; escapes stay in the pieces. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function splitTerm(term: string): [string, (typeof OPS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    const op = OPS.find((o) => term.startsWith(o, i));
    if (op) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return undefined;
}

function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const n = v[i + 1];
      if (n !== '\\' && n !== ',' && n !== '=') {
        throw new BadRequestError(`invalid field selector: invalid escape sequence: ${JSON.stringify(v.slice(i, i + 2))}`);
      }
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw new BadRequestError(`invalid field selector: unescaped character: ${JSON.stringify(c)} in ${JSON.stringify(v)}`);
    } else {
      out += c;
    }
  }
  return out;
}

function escape(v: string): string {
  return v.replace(/[\\,=]/g, (c) => '\\' + c);
}

/**
 * Parses a field selector, allowing only `allowedFields`. An empty string selects everything.
 * @throws BadRequestError for bad syntax (`invalid selector: ...`) or an unsupported field
 * (`field label not supported: spec.foo`).
 */
export function parseFieldSelector(s: string, allowedFields: readonly string[]): FieldSelector {
  const requirements: FieldRequirement[] = [];
  if (s.trim() !== '') {
    for (const term of splitTerms(s)) {
      if (term === '') continue;
      const parts = splitTerm(term);
      if (!parts) throw new BadRequestError(`invalid selector: '${s}'; can't understand '${term}'`);
      const [field, op, raw] = parts;
      const value = unescape(raw);
      if (!allowedFields.includes(field)) throw new BadRequestError(`field label not supported: ${field}`);
      requirements.push({ field, op: op === '!=' ? '!=' : '=', value });
    }
  }
  const text = requirements.map((r) => `${r.field}${r.op}${escape(r.value)}`).join(',');
  return {
    requirements,
    empty: requirements.length === 0,
    matches: (obj) => requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '=')),
    toString: () => text,
  };
}
