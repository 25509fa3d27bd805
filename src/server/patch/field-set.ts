import { isObject, type JsonObject } from './json.js';

/**
 * A field path as server-side apply records it: one element per step, in the fieldsV1
 * encoding: `f:<field>`, `k:{"name":"x"}` (a keyed list item), `v:<json>` (a set item),
 * `i:<index>` (a list item without key).
 */
export type FieldPath = readonly string[];

const SEP = '\u0000';

function keyOf(path: FieldPath): string {
  return path.join(SEP);
}

function compareElements(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** `.spec.containers[name="web"].image`, as upstream prints a path in conflict messages. */
export function fieldPathString(path: FieldPath): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      if (el.startsWith('f:')) return `.${body}`;
      if (el.startsWith('v:')) return `[=${body}]`;
      if (el.startsWith('i:')) return `[${body}]`;
      if (el.startsWith('k:')) {
        const key = JSON.parse(body) as JsonObject;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      return `.${el}`;
    })
    .join('');
}

interface TreeNode {
  member: boolean;
  children: Map<string, TreeNode>;
}

function treeToJson(node: TreeNode): JsonObject {
  const out: JsonObject = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  for (const key of [...node.children.keys()].sort()) out[key] = treeToJson(node.children.get(key)!);
  return out;
}

/** An immutable-by-convention set of field paths, convertible to and from fieldsV1. */
export class FieldSet {
  readonly #paths = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const p of paths) this.#paths.set(keyOf(p), p);
  }

  get size(): number {
    return this.#paths.size;
  }

  isEmpty(): boolean {
    return this.#paths.size === 0;
  }

  has(path: FieldPath): boolean {
    return this.#paths.has(keyOf(path));
  }

  /** The paths, sorted element by element. */
  paths(): FieldPath[] {
    return [...this.#paths.values()].sort(compareElements);
  }

  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const out = new FieldSet();
    for (const [k, p] of this.#paths) out.#paths.set(k, p);
    for (const [k, p] of other.#paths) out.#paths.set(k, p);
    return out;
  }

  difference(other: FieldSet): FieldSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const out = new FieldSet();
    for (const [k, p] of this.#paths) if (!other.#paths.has(k)) out.#paths.set(k, p);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    return new FieldSet([...this.#paths.values()].filter((p) => other.has(p)));
  }

  filter(keep: (path: FieldPath) => boolean): FieldSet {
    return new FieldSet([...this.#paths.values()].filter(keep));
  }

  /** True when some member lies strictly below `path`. */
  hasDescendant(path: FieldPath): boolean {
    const prefix = keyOf(path) + SEP;
    for (const k of this.#paths.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.#paths.values()].every((p) => other.has(p));
  }

  /** The fieldsV1 encoding: nested objects, `{}` for a leaf, `".": {}` for a member with children. */
  toFieldsV1(): JsonObject {
    const root: TreeNode = { member: false, children: new Map() };
    for (const path of this.#paths.values()) {
      let node = root;
      for (const el of path) {
        let next = node.children.get(el);
        if (!next) {
          next = { member: false, children: new Map() };
          node.children.set(el, next);
        }
        node = next;
      }
      node.member = true;
    }
    return treeToJson(root);
  }

  static fromFieldsV1(value: unknown): FieldSet {
    const paths: FieldPath[] = [];
    const walk = (node: unknown, prefix: string[]): void => {
      if (!isObject(node)) return;
      for (const [key, child] of Object.entries(node)) {
        if (key === '.') {
          if (prefix.length > 0) paths.push(prefix);
          continue;
        }
        const path = [...prefix, key];
        if (!isObject(child) || Object.keys(child).length === 0) paths.push(path);
        else walk(child, path);
      }
    };
    walk(value, []);
    return new FieldSet(paths);
  }
}
