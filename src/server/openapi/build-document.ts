/**
 * One `/openapi/v3/<group-version>` document: OpenAPI 3.0 with the paths of every resource
 * served in that group-version and the schemas they reach.
 */
import type { ResourceInfo } from '../../api/kinds.js';
import type { TypeRegistry } from '../../api/types/format.js';
import { ComponentSchemas, type GroupVersionKind } from './component-schemas.js';
import { parseGroupVersion } from './names.js';
import { addResourcePaths, type OpenApiPathItem } from './resource-paths.js';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, OpenApiPathItem>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
  security: Record<string, string[]>[];
}

/** Type table name → the kinds it serves, over all resources (list types get `<Kind>List`). */
export function kindsByType(resources: readonly ResourceInfo[]): Map<string, GroupVersionKind[]> {
  const out = new Map<string, GroupVersionKind[]>();
  const push = (type: string, gvk: GroupVersionKind): void => {
    const list = out.get(type) ?? [];
    if (!list.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) list.push(gvk);
    out.set(type, list);
  };
  for (const r of resources) {
    push(r.type, { group: r.group, version: r.version, kind: r.kind });
    push(`${r.type}List`, { group: r.group, version: r.version, kind: `${r.kind}List` });
  }
  return out;
}

/**
 * The document of `groupVersion` (`api/v1`, `apis/apps/v1`, `v1` or `apps/v1`), or undefined
 * when no resource is served there.
 */
export function buildOpenApiV3Document(registry: TypeRegistry, resources: readonly ResourceInfo[], groupVersion: string): OpenApiDocument | undefined {
  const gv = parseGroupVersion(groupVersion);
  if (!gv) return undefined;
  const [group, version] = gv;
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const schemas = new ComponentSchemas(registry, kindsByType(resources));
  const paths: Record<string, OpenApiPathItem> = {};
  for (const info of served) addResourcePaths(paths, info, schemas);
  const sortedPaths: Record<string, OpenApiPathItem> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: sortedPaths,
    components: {
      schemas: schemas.toJSON(),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
}
