import type { ResourceInfo } from '../../api/kinds.js';
import type { TypeRegistry } from '../../api/types/index.js';
import { apiVersionOf } from '../../api/resources.js';
import { ApiError, BadRequestError } from '../../errors.js';
import { applyJsonPatch, applyMergePatch, applyServerSideApply, applyStrategicMergePatch } from '../patch/index.js';
import { nowTime } from './object-meta.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+json': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function patchTypeOf(contentType: string): PatchType | undefined {
  return CONTENT_TYPES[contentType.split(';')[0].trim().toLowerCase()];
}

type Obj = Record<string, any>;

/**
 * Applies a patch to the current object (or, for a subresource, to its part of it) and returns
 * the object to store. Server-side apply conflicts become a 409 with the upstream message.
 */
export function applyPatch(type: PatchType, current: Obj | undefined, body: unknown, info: ResourceInfo, types: TypeRegistry, ctx: { manager: string; force: boolean; now: number }, subresource?: string): Obj {
  const base = current ?? {};
  switch (type) {
    case 'json':
      if (!Array.isArray(body)) throw new BadRequestError('json patch must be a JSON array of operations');
      return applyJsonPatch(base, body) as Obj;
    case 'merge':
      return checkObject(applyMergePatch(base, body));
    case 'strategic':
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('strategic merge patch must be a JSON object');
      return checkObject(applyStrategicMergePatch(base, body as Obj, types, info.type));
    case 'apply': {
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('apply configuration must be an object');
      const applied = body as Obj;
      if (!applied.apiVersion || !applied.kind) throw new BadRequestError('apply configuration must name apiVersion and kind');
      const { object, conflicts } = applyServerSideApply(current, applied, {
        manager: ctx.manager,
        force: ctx.force,
        registry: types,
        typeName: info.type,
        apiVersion: apiVersionOf(info),
        now: nowTime(ctx.now),
      });
      if (conflicts.length > 0) {
        const list = conflicts.map((c) => `${c.message}: ${c.field}`).join('\n');
        const message = conflicts.length === 1 ? `Apply failed with 1 conflict: ${list}` : `Apply failed with ${conflicts.length} conflicts: ${list}`;
        throw new ApiError(409, 'Conflict', message, { name: current?.metadata?.name, group: info.group, kind: info.resource, causes: conflicts });
      }
      void subresource;
      return object as Obj;
    }
  }
}

function checkObject(value: unknown): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError('the patched object is not a JSON object');
  return value as Obj;
}
