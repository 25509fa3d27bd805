import type { FieldOptions, FieldType, TypeRegistry } from '../../api/types/format.js';

/**
 * Where a walk stands in the type tables: the field's type and its options. `undefined`
 * means "not described" (a field under `any`, or one missing from the tables); walkers then
 * fall back to plain JSON semantics.
 */
export interface SchemaNode {
  readonly type: FieldType;
  readonly options?: FieldOptions;
}

export type ListKind = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** The node for the root of an object of type `typeName` (e.g. "apps.v1.Deployment"). */
export function rootNode(registry: TypeRegistry, typeName: string): SchemaNode | undefined {
  return registry[typeName] ? { type: { ref: typeName } } : undefined;
}

/** The node of member `key` inside an object described by `node`. */
export function childNode(registry: TypeRegistry, node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node || typeof node.type === 'string') return undefined;
  if ('ref' in node.type) {
    const field = registry[node.type.ref]?.[key];
    return field ? { type: field[0], options: field[2] } : undefined;
  }
  if ('map' in node.type) return { type: node.type.map };
  return undefined;
}

/** The node of the items of a list described by `node`. */
export function elementNode(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node || typeof node.type === 'string' || !('list' in node.type)) return undefined;
  return { type: node.type.list };
}

/** True when `node` describes a struct (a table), not a string-keyed map. */
export function isStruct(node: SchemaNode | undefined): boolean {
  return !!node && typeof node.type !== 'string' && 'ref' in node.type;
}

/** How server-side apply treats a list: from listType/listMapKeys, else from the patch tags. */
export function listKind(node: SchemaNode | undefined): ListKind {
  const o = node?.options;
  if (!o) return { kind: 'atomic' };
  if (o.listType === 'map') return { kind: 'map', keys: o.listMapKeys ?? (o.mergeKey ? [o.mergeKey] : []) };
  if (o.listType === 'set') return { kind: 'set' };
  if (o.listType === 'atomic') return { kind: 'atomic' };
  if (o.mergeKey) return { kind: 'map', keys: o.listMapKeys ?? [o.mergeKey] };
  if (o.patchStrategy?.split(',').includes('merge')) return { kind: 'set' };
  return { kind: 'atomic' };
}

/** Strategic-merge tags of a field. */
export function patchTags(node: SchemaNode | undefined): { merge: boolean; replace: boolean; mergeKey?: string } {
  const parts = node?.options?.patchStrategy?.split(',') ?? [];
  return { merge: parts.includes('merge'), replace: parts.includes('replace'), mergeKey: node?.options?.mergeKey };
}
