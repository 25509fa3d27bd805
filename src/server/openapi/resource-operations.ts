/**
 * Which paths and operations one resource has, independent of the OpenAPI version that
 * renders them: collection and item paths (and the all-namespaces list, status and scale
 * subresources), each operation with its verb, action, kind, parameters and body schemas.
 */
import { ALL_VERBS, type ResourceInfo } from '../../api/kinds.js';
import type { ComponentSchemas, GroupVersionKind } from './component-schemas.js';
import { DELETE_PARAMETERS, LIST_PARAMETERS, NAME, NAMESPACE, PATCH_PARAMETERS, PRETTY, WRITE_PARAMETERS, type OpenApiParameter } from './parameters.js';

export const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;
export const PATCH_MEDIA = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;

export interface OperationSpec {
  verb: string; // operation-id prefix: list, create, read, replace, delete, deletecollection, patch
  action: string; // x-kubernetes-action
  idSuffix: string; // e.g. NamespacedPod, PodForAllNamespaces, NamespacedPodStatus
  description: string;
  parameters: readonly OpenApiParameter[];
  gvk: GroupVersionKind;
  response: string; // component name of the 200 body
  requestBody?: { schema: string; media?: readonly string[] };
  created?: boolean;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

export interface ResourcePath {
  path: string;
  /** Operations in the order they are written out. */
  operations: Partial<Record<HttpMethod, OperationSpec>>;
  /** Parameters shared by every operation of the path (path parameters, `pretty`). */
  parameters: readonly OpenApiParameter[];
}

/** The paths of `info`, pulling the schemas they use into `schemas`. */
export function resourceOperations(info: ResourceInfo, schemas: ComponentSchemas): ResourcePath[] {
  const verbs = new Set<string>(info.verbs ?? ALL_VERBS);
  const gvk: GroupVersionKind = { group: info.group, version: info.version, kind: info.kind };
  const kindSchema = schemas.add(info.type);
  const listSchema = schemas.has(`${info.type}List`) ? schemas.add(`${info.type}List`) : kindSchema;
  const status = schemas.has('meta.v1.Status') ? schemas.add('meta.v1.Status') : schemas.addRaw('io.k8s.apimachinery.pkg.apis.meta.v1.Status', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  const deleteOptions = schemas.has('meta.v1.DeleteOptions') ? schemas.add('meta.v1.DeleteOptions') : schemas.addRaw('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  const patch = schemas.addRaw('io.k8s.apimachinery.pkg.apis.meta.v1.Patch', { description: 'The body of a PATCH request, in one of the patch media types.', type: 'object' });

  const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const scope = info.namespaced ? 'Namespaced' : '';
  const collection = info.namespaced ? `${prefix}/namespaces/{namespace}/${info.resource}` : `${prefix}/${info.resource}`;
  const item = `${collection}/{name}`;
  const scopeParams = info.namespaced ? [NAMESPACE, PRETTY] : [PRETTY];
  const k = info.kind;
  const out: ResourcePath[] = [];

  const coll: ResourcePath['operations'] = {};
  if (verbs.has('list')) coll.get = { verb: 'list', action: 'list', idSuffix: `${scope}${k}`, description: `list or watch objects of kind ${k}`, parameters: LIST_PARAMETERS, gvk, response: listSchema };
  if (verbs.has('create')) coll.post = { verb: 'create', action: 'post', idSuffix: `${scope}${k}`, description: `create a ${k}`, parameters: WRITE_PARAMETERS, gvk, response: kindSchema, requestBody: { schema: kindSchema }, created: true };
  if (verbs.has('deletecollection')) coll.delete = { verb: 'delete', action: 'deletecollection', idSuffix: `Collection${scope}${k}`, description: `delete collection of ${k}`, parameters: [...DELETE_PARAMETERS, ...LIST_PARAMETERS], gvk, response: status, requestBody: { schema: deleteOptions } };
  if (Object.keys(coll).length > 0) out.push({ path: collection, operations: coll, parameters: scopeParams });

  const one: ResourcePath['operations'] = {};
  if (verbs.has('get')) one.get = { verb: 'read', action: 'get', idSuffix: `${scope}${k}`, description: `read the specified ${k}`, parameters: [], gvk, response: kindSchema };
  if (verbs.has('update')) one.put = { verb: 'replace', action: 'put', idSuffix: `${scope}${k}`, description: `replace the specified ${k}`, parameters: WRITE_PARAMETERS, gvk, response: kindSchema, requestBody: { schema: kindSchema }, created: true };
  if (verbs.has('delete')) one.delete = { verb: 'delete', action: 'delete', idSuffix: `${scope}${k}`, description: `delete a ${k}`, parameters: DELETE_PARAMETERS, gvk, response: status, requestBody: { schema: deleteOptions } };
  if (verbs.has('patch')) one.patch = { verb: 'patch', action: 'patch', idSuffix: `${scope}${k}`, description: `partially update the specified ${k}`, parameters: PATCH_PARAMETERS, gvk, response: kindSchema, requestBody: { schema: patch, media: PATCH_MEDIA }, created: true };
  if (Object.keys(one).length > 0) out.push({ path: item, operations: one, parameters: [NAME(k), ...scopeParams] });

  if (info.namespaced && verbs.has('list')) {
    out.push({
      path: `${prefix}/${info.resource}`,
      operations: { get: { verb: 'list', action: 'list', idSuffix: `${k}ForAllNamespaces`, description: `list or watch objects of kind ${k}`, parameters: LIST_PARAMETERS, gvk, response: listSchema } },
      parameters: [PRETTY],
    });
  }

  for (const sub of info.subresources ?? []) {
    let subGvk: GroupVersionKind;
    let subSchema: string;
    if (sub === 'status') {
      subGvk = gvk;
      subSchema = kindSchema;
    } else if (sub === 'scale' && schemas.has('autoscaling.v1.Scale')) {
      subGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
      subSchema = schemas.add('autoscaling.v1.Scale');
    } else {
      continue;
    }
    const suffix = `${scope}${k}${sub[0].toUpperCase()}${sub.slice(1)}`;
    out.push({
      path: `${item}/${sub}`,
      operations: {
        get: { verb: 'read', action: 'get', idSuffix: suffix, description: `read ${sub} of the specified ${k}`, parameters: [], gvk: subGvk, response: subSchema },
        put: { verb: 'replace', action: 'put', idSuffix: suffix, description: `replace ${sub} of the specified ${k}`, parameters: WRITE_PARAMETERS, gvk: subGvk, response: subSchema, requestBody: { schema: subSchema }, created: true },
        patch: { verb: 'patch', action: 'patch', idSuffix: suffix, description: `partially update ${sub} of the specified ${k}`, parameters: PATCH_PARAMETERS, gvk: subGvk, response: subSchema, requestBody: { schema: patch, media: PATCH_MEDIA }, created: true },
      },
      parameters: [NAME(k), ...scopeParams],
    });
  }
  return out;
}
