/**
 * The `/openapi/v3` index: one entry per group-version served, pointing at its document with
 * a hash that changes whenever the document does (clients cache by URL).
 */
import type { ResourceInfo } from '../../api/kinds.js';
import { groupVersionKey } from './names.js';

export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** Every group-version key (`api/v1`, `apis/apps/v1`, ...) of `resources`, sorted. */
export function groupVersionKeys(resources: readonly ResourceInfo[]): string[] {
  return [...new Set(resources.map((r) => groupVersionKey(r.group, r.version)))].sort();
}

/** `hashOf(key)` gives the current hash of the document at `key`. */
export function buildOpenApiV3Index(resources: readonly ResourceInfo[], hashOf: (groupVersionKey: string) => string): OpenApiV3Index {
  const paths: OpenApiV3Index['paths'] = {};
  for (const key of groupVersionKeys(resources)) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(key)}` };
  return { paths };
}
