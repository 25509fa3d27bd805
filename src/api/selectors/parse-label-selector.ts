/**
 * The label selector query syntax (`?labelSelector=`): requirements separated by commas (AND),
 * each one of `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>n`, `k<n`.
 * Whitespace between tokens is ignored.
 */

import { BadRequestError } from '../../errors.js';
import { makeRequirement, selectorOf, type LabelOperator, type LabelRequirement, type LabelSelector } from './label-requirement.js';

type TokenKind = 'id' | '!' | '!=' | '=' | '==' | '(' | ')' | ',' | '>' | '<' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
}

const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>']);
const SYMBOLS: readonly TokenKind[] = ['!=', '==', '!', '=', '(', ')', ',', '>', '<'];

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const sym = SYMBOLS.find((k) => s.startsWith(k, i))!;
      tokens.push({ kind: sym, text: sym });
      i += sym.length;
      continue;
    }
    let j = i;
    while (j < s.length && !SPECIAL.has(s[j]!) && !/\s/.test(s[j]!)) j++;
    tokens.push({ kind: 'id', text: s.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

function shown(t: Token): string {
  return t.kind === 'end' ? 'end of string' : t.text;
}

class Parser {
  readonly #tokens: Token[];
  #pos = 0;
  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  peek(): Token {
    return this.#tokens[this.#pos]!;
  }

  next(): Token {
    const t = this.#tokens[this.#pos]!;
    if (t.kind !== 'end') this.#pos++;
    return t;
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    if (this.peek().kind === 'end') return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === 'end') return out;
      if (t.kind !== ',') throw new Error(`found '${shown(t)}', expected: ',' or 'end of string'`);
      const after = this.peek();
      if (after.kind !== 'id' && after.kind !== '!') {
        throw new Error(`found '${shown(after)}', expected: identifier after ','`);
      }
    }
  }

  requirement(): LabelRequirement {
    let negated = false;
    if (this.peek().kind === '!') {
      this.next();
      negated = true;
    }
    const keyTok = this.next();
    if (keyTok.kind !== 'id') {
      throw wrap(`found '${shown(keyTok)}', expected: identifier`);
    }
    const key = keyTok.text;
    const following = this.peek().kind;
    if (following === 'end' || following === ',') {
      return build(key, negated ? '!' : 'exists', []);
    }
    if (negated) throw wrap(`found '${shown(this.peek())}', expected: ',' or 'end of string'`);
    const op = this.operator();
    if (op === 'in' || op === 'notin') return build(key, op, this.valueSet());
    return build(key, op, [this.exactValue()]);
  }

  operator(): LabelOperator {
    const t = this.next();
    switch (t.kind) {
      case '=':
      case '==':
      case '!=':
        return t.kind;
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'id':
        if (t.text === 'in' || t.text === 'notin') return t.text;
    }
    throw wrap(`found '${shown(t)}', expected: '=', '!=', '==', 'in', 'notin'`);
  }

  exactValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || t.kind === ',') return '';
    this.next();
    if (t.kind === 'id') return t.text;
    throw wrap(`found '${shown(t)}', expected: identifier`);
  }

  valueSet(): string[] {
    const open = this.next();
    if (open.kind !== '(') throw wrap(`found '${shown(open)}', expected: '('`);
    const values: string[] = [];
    if (this.peek().kind === ')') {
      this.next();
      return values;
    }
    for (;;) {
      const t = this.peek();
      if (t.kind === 'id') {
        this.next();
        values.push(t.text);
      } else if (t.kind === ',' || t.kind === ')') {
        values.push('');
      } else {
        throw wrap(`found '${shown(t)}', expected: ',', ')' or identifier`);
      }
      const sep = this.next();
      if (sep.kind === ')') return values;
      if (sep.kind !== ',') throw wrap(`found '${shown(sep)}', expected: ',' or ')'`);
    }
  }
}

function wrap(message: string): Error {
  return new Error(`unable to parse requirement: ${message}`);
}

function build(key: string, op: LabelOperator, values: string[]): LabelRequirement {
  const r = makeRequirement(key, op, values);
  if (typeof r === 'string') throw wrap(r);
  return r;
}

/**
 * Parses a label selector string. An empty string selects everything.
 * @throws BadRequestError naming the part that could not be parsed.
 */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    return selectorOf(new Parser(tokenize(s)).parse());
  } catch (err) {
    if (err instanceof Error && !(err instanceof BadRequestError)) throw new BadRequestError(err.message);
    throw err;
  }
}
