/**
 * Small builders shared by the hand-written type tables (meta/v1, core/v1).
 *
 * Inlined Go structs (`json:",inline"`) have flat JSON fields but a nested message on the
 * protobuf wire. Tables describe them twice: the inlined fields appear under their JSON names
 * with field number 0 (JSON only), and one entry whose key starts with INLINE_PREFIX
 * (e.g. "...volumeSource") carries the protobuf field number and the ref of the nested
 * message. JSON consumers skip INLINE_PREFIX keys; protobuf consumers splice the nested
 * message's fields into the enclosing object.
 */
import type { FieldOptions, FieldType, TypeTable } from './format.js';

export const INLINE_PREFIX = '...';

export const ref = (name: string): FieldType => ({ ref: name });
export const list = (of: FieldType): FieldType => ({ list: of });
export const map = (of: FieldType): FieldType => ({ map: of });

export const REQ: FieldOptions = { required: true };
export const ATOMIC: FieldOptions = { listType: 'atomic' };
export const SET: FieldOptions = { listType: 'set' };

/** Strategic-merge list keyed by `mergeKey`, listType=map on `mapKeys` (default: the merge key). */
export function mergeList(
  mergeKey: string,
  opts: { mapKeys?: readonly string[]; patchStrategy?: FieldOptions['patchStrategy']; required?: boolean } = {},
): FieldOptions {
  const out: FieldOptions = {
    mergeKey,
    patchStrategy: opts.patchStrategy ?? 'merge',
    listType: 'map',
    listMapKeys: opts.mapKeys ?? [mergeKey],
  };
  return opts.required ? { ...out, required: true } : out;
}

/** apiVersion and kind: JSON only (proto carries them in the runtime.Unknown envelope). */
export const TYPE_META: TypeTable = {
  apiVersion: ['string', 0],
  kind: ['string', 0],
};

/** The same fields with proto number 0, for splicing an inlined struct's JSON view. */
export function jsonOnly(table: TypeTable): TypeTable {
  const out: Record<string, TypeTable[string]> = {};
  for (const [name, [type, , opts]] of Object.entries(table)) {
    if (name.startsWith(INLINE_PREFIX)) continue;
    out[name] = opts ? [type, 0, opts] : [type, 0];
  }
  return out;
}
