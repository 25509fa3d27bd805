import { BadRequestError } from '../../errors.js';
import { clone, isObject } from './json.js';
import { jsonEqual } from '../../api/json-equal.js';
import { parsePointer } from './json-pointer.js';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function fail(op: string, path: unknown, why: string): never {
  throw new BadRequestError(`json patch ${op} operation at path ${JSON.stringify(path)} failed: ${why}`);
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < length || (allowEnd && i === length) ? i : undefined;
}

/** Walks to the container holding the last token; throws when a step is missing. */
function parentOf(root: unknown, tokens: string[], op: string, path: string): unknown {
  let node = root;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      const i = arrayIndex(token, node.length, false);
      if (i === undefined) fail(op, path, `array index "${token}" out of range`);
      node = node[i];
    } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) {
      node = node[token];
    } else {
      fail(op, path, `missing path element "${token}"`);
    }
  }
  return node;
}

function get(root: unknown, tokens: string[], op: string, path: string): unknown {
  if (tokens.length === 0) return root;
  const parent = parentOf(root, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    if (i === undefined) fail(op, path, `array index "${last}" out of range`);
    return parent[i];
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return parent[last];
  return fail(op, path, `missing path element "${last}"`);
}

function add(root: unknown, tokens: string[], value: unknown, op: string, path: string): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(root, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, true);
    if (i === undefined) fail(op, path, `array index "${last}" out of range`);
    parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    fail(op, path, 'parent is not an object or array');
  }
  return root;
}

function remove(root: unknown, tokens: string[], op: string, path: string): unknown {
  if (tokens.length === 0) fail(op, path, 'cannot remove the whole document');
  const parent = parentOf(root, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    if (i === undefined) fail(op, path, `array index "${last}" out of range`);
    parent.splice(i, 1);
  } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    delete parent[last];
  } else {
    fail(op, path, `missing path element "${last}"`);
  }
  return root;
}

function valueOf(operation: Record<string, unknown>, op: string, path: unknown): unknown {
  if (!Object.prototype.hasOwnProperty.call(operation, 'value') || operation.value === undefined) {
    fail(op, path, 'missing "value"');
  }
  return operation.value;
}

/**
 * Applies an RFC 6902 JSON patch to a copy of `doc`. A failing `test`, a bad path or a
 * malformed operation throws BadRequestError naming the operation and its path.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new BadRequestError('json patch must be an array of operations');
  let root = clone(doc);
  ops.forEach((operation: unknown, index) => {
    if (!isObject(operation) || typeof operation.op !== 'string' || !OPS.has(operation.op)) {
      const seen = isObject(operation) ? operation.op : operation;
      throw new BadRequestError(`json patch operation ${index}: unknown op ${JSON.stringify(seen)}`);
    }
    const op = operation.op;
    const path = operation.path;
    const tokens = parsePointer(path, op);
    const at = path as string;
    switch (op) {
      case 'add':
        root = add(root, tokens, clone(valueOf(operation, op, path)), op, at);
        break;
      case 'remove':
        root = remove(root, tokens, op, at);
        break;
      case 'replace':
        get(root, tokens, op, at);
        root = tokens.length === 0 ? clone(valueOf(operation, op, path)) : add(remove(root, tokens, op, at), tokens, clone(valueOf(operation, op, path)), op, at);
        break;
      case 'move': {
        const fromTokens = parsePointer(operation.from, op);
        const from = operation.from as string;
        if (fromTokens.length < tokens.length && fromTokens.every((t, i) => tokens[i] === t)) {
          fail(op, path, `cannot move "${from}" into one of its own children`);
        }
        const value = get(root, fromTokens, op, from);
        root = add(remove(root, fromTokens, op, from), tokens, value, op, at);
        break;
      }
      case 'copy': {
        const fromTokens = parsePointer(operation.from, op);
        const value = clone(get(root, fromTokens, op, operation.from as string));
        root = add(root, tokens, value, op, at);
        break;
      }
      case 'test': {
        const expected = valueOf(operation, op, path);
        const actual = get(root, tokens, op, at);
        if (!jsonEqual(actual, expected)) {
          fail(op, path, `value is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
        }
        break;
      }
    }
  });
  return root;
}
