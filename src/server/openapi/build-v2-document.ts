/**
 * The `/openapi/v2` document: Swagger 2.0 with the paths of every resource served and every
 * definition they reach, built from the same operation list and type tables as the v3
 * documents.
 */
import type { ResourceInfo } from '../../api/kinds.js';
import type { TypeRegistry } from '../../api/types/format.js';
import { kindsByType } from './build-document.js';
import { ComponentSchemas, type OpenApiSchema } from './component-schemas.js';
import { operationStem, operationTag } from './names.js';
import { MEDIA, resourceOperations, type OperationSpec } from './resource-operations.js';
import { toSwaggerParameter, toSwaggerSchema, V2_PREFIX } from './swagger-schema.js';

export interface OpenApiV2Document {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, OpenApiSchema>;
  securityDefinitions: Record<string, Record<string, unknown>>;
  security: Record<string, string[]>[];
}

const WATCH_MEDIA = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

function ref(name: string): OpenApiSchema {
  return { $ref: `${V2_PREFIX}${name}` };
}

function operation(info: ResourceInfo, spec: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = { '200': { description: 'OK', schema: ref(spec.response) } };
  if (spec.created) {
    responses['201'] = { description: 'Created', schema: ref(spec.response) };
    responses['202'] = { description: 'Accepted', schema: ref(spec.response) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const parameters: Record<string, unknown>[] = [];
  if (spec.requestBody) parameters.push({ name: 'body', in: 'body', required: true, schema: ref(spec.requestBody.schema) });
  parameters.push(...spec.parameters.map(toSwaggerParameter));
  const op: Record<string, unknown> = {
    description: spec.description,
    consumes: spec.requestBody?.media ? [...spec.requestBody.media] : ['*/*'],
    produces: spec.action === 'list' ? [...MEDIA, ...WATCH_MEDIA] : [...MEDIA],
    schemes: ['https'],
    tags: [operationTag(info.group, info.version)],
    operationId: `${spec.verb}${operationStem(info.group, info.version)}${spec.idSuffix}`,
  };
  if (parameters.length > 0) op.parameters = parameters;
  op.responses = responses;
  op['x-kubernetes-action'] = spec.action;
  op['x-kubernetes-group-version-kind'] = { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version };
  return op;
}

/** One Swagger 2.0 document over all of `resources`, paths and definitions sorted by name. */
export function buildOpenApiV2Document(registry: TypeRegistry, resources: readonly ResourceInfo[]): OpenApiV2Document {
  const schemas = new ComponentSchemas(registry, kindsByType(resources));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const info of resources) {
    for (const { path, operations, parameters } of resourceOperations(info, schemas)) {
      const item: Record<string, unknown> = {};
      for (const [method, spec] of Object.entries(operations)) item[method] = operation(info, spec);
      item.parameters = parameters.map(toSwaggerParameter);
      paths[path] = item;
    }
  }
  const sortedPaths: Record<string, Record<string, unknown>> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p];
  const definitions = Object.fromEntries(Object.entries(schemas.toJSON()).map(([name, schema]) => [name, toSwaggerSchema(schema)]));
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: sortedPaths,
    definitions,
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}
