import { clone, isObject } from './json.js';

/**
 * RFC 7386 JSON merge patch, on copies: `null` deletes a member, objects merge recursively,
 * anything else (arrays included) replaces.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(doc) ? clone(doc) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
