/**
 * Built documents, kept: each group-version's document is built on first request, with its
 * JSON text and hash, so the handler serves bytes without rebuilding.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../../api/kinds.js';
import type { TypeRegistry } from '../../api/types/format.js';
import { buildOpenApiV3Document } from './build-document.js';
import { buildOpenApiV3Index, type OpenApiV3Index } from './build-index.js';
import { groupVersionKey, parseGroupVersion } from './names.js';

export interface BuiltDocument {
  json: string;
  /** sha512 of `json`, hex upper-case. */
  hash: string;
}

export interface OpenApiCache {
  index(): OpenApiV3Index;
  /** The document of `groupVersion` (`api/v1`, `apis/apps/v1`), or undefined if none is served there. */
  document(groupVersion: string): BuiltDocument | undefined;
}

export function hashDocument(json: string): string {
  return createHash('sha512').update(json).digest('hex').toUpperCase();
}

export function createOpenApiCache(registry: TypeRegistry, resources: readonly ResourceInfo[]): OpenApiCache {
  const built = new Map<string, BuiltDocument | undefined>();
  let index: OpenApiV3Index | undefined;

  function document(groupVersion: string): BuiltDocument | undefined {
    const gv = parseGroupVersion(groupVersion);
    if (!gv) return undefined;
    const key = groupVersionKey(gv[0], gv[1]);
    if (built.has(key)) return built.get(key);
    const doc = buildOpenApiV3Document(registry, resources, key);
    const entry = doc ? { json: JSON.stringify(doc), hash: '' } : undefined;
    if (entry) entry.hash = hashDocument(entry.json);
    built.set(key, entry);
    return entry;
  }

  return {
    index() {
      index ??= buildOpenApiV3Index(resources, (key) => document(key)?.hash ?? '');
      return index;
    },
    document,
  };
}
