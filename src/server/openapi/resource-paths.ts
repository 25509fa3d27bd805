/**
 * The `paths` of one resource in an OpenAPI 3.0 document: the operations of
 * `resourceOperations`, each carrying `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`, bodies under `requestBody`/`content`.
 */
import type { ResourceInfo } from '../../api/kinds.js';
import type { ComponentSchemas } from './component-schemas.js';
import { operationStem, operationTag } from './names.js';
import { MEDIA, resourceOperations, type OperationSpec } from './resource-operations.js';

export type OpenApiPathItem = Record<string, unknown>;

function schemaRef(name: string): Record<string, unknown> {
  return { $ref: `#/components/schemas/${name}` };
}

function content(schemaName: string, media: readonly string[] = MEDIA): Record<string, unknown> {
  return Object.fromEntries(media.map((m) => [m, { schema: schemaRef(schemaName) }]));
}

function operation(info: ResourceInfo, spec: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = { '200': { description: 'OK', content: content(spec.response) } };
  if (spec.created) {
    responses['201'] = { description: 'Created', content: content(spec.response) };
    responses['202'] = { description: 'Accepted', content: content(spec.response) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const op: Record<string, unknown> = {
    tags: [operationTag(info.group, info.version)],
    description: spec.description,
    operationId: `${spec.verb}${operationStem(info.group, info.version)}${spec.idSuffix}`,
  };
  if (spec.parameters.length > 0) op.parameters = spec.parameters.map((p) => ({ ...p }));
  if (spec.requestBody) op.requestBody = { content: content(spec.requestBody.schema, spec.requestBody.media), required: true };
  op.responses = responses;
  op['x-kubernetes-action'] = spec.action;
  op['x-kubernetes-group-version-kind'] = { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version };
  return op;
}

/** Adds the paths of `info` to `paths`, pulling the schemas it uses into `schemas`. */
export function addResourcePaths(paths: Record<string, OpenApiPathItem>, info: ResourceInfo, schemas: ComponentSchemas): void {
  for (const { path, operations, parameters } of resourceOperations(info, schemas)) {
    const item: OpenApiPathItem = {};
    for (const [method, spec] of Object.entries(operations)) item[method] = operation(info, spec);
    item.parameters = parameters;
    paths[path] = item;
  }
}
