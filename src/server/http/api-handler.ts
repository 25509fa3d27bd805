import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/kinds.js';
import { tableFor } from '../../api/tables/index.js';
import { BadRequestError, MethodNotAllowedError, NotFoundError, UnauthorizedError, ForbiddenError } from '../../errors.js';
import { decodeKubernetesProtobuf, pruneGoZeroValues } from '../protobuf/index.js';
import type { ObjectApi, KubeObject } from '../rest/object-api.js';
import { patchTypeOf } from '../rest/patch.js';
import { objectKey } from '../rest/resource-key.js';
import type { UserInfo } from '../rest/request-options.js';
import type { Authenticator } from '../authn.js';
import { mediaKind, parseTextBody, readBody } from './body.js';
import { deleteOptions, listOptions, watchOptions, writeOptions } from './query.js';
import type { RequestInfo } from './request-info.js';
import { sendJson, sendRawJson } from './respond.js';
import { jsonOf, listJson } from './json-cache.js';
import { serveWatch } from './watch-response.js';
import { subresourceHandler, type SubresourceContext } from './subresources.js';

export interface ApiHandlerOptions {
  api: ObjectApi;
  authn: Authenticator;
  /** May this user do this? Undefined allows everything an authenticated user asks. */
  authorize?: (user: UserInfo, info: RequestInfo) => boolean;
  /** Handles streaming subresources (log, exec, attach, portforward, proxy) where an agent is reachable. */
  streaming?: (req: IncomingMessage, res: ServerResponse, info: RequestInfo, user: UserInfo) => Promise<boolean>;
  /** Issues tokens for serviceaccounts/token. */
  issueToken?: SubresourceContext['issueToken'];
  bookmarkIntervalMs?: number;
}

/** Serves /api/... and /apis/... resource requests. */
export async function handleResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams, options: ApiHandlerOptions): Promise<void> {
  const { api } = options;
  const user = options.authn.authenticate(req);
  if (!user) throw new UnauthorizedError();
  const resource = api.resources.byResource(info.group, info.version, info.resource);
  if (!resource) throw new NotFoundError(info.resource, info.group, info.name ?? '');
  if (options.authorize && !options.authorize(user, info)) {
    throw new ForbiddenError(`User "${user.name}" cannot ${info.verb} resource "${info.resource}" in API group "${info.group}"${info.namespace ? ` in the namespace "${info.namespace}"` : ''}`);
  }
  if (resource.namespaced && !info.namespace && info.name && info.verb !== 'list') {
    throw new NotFoundError(info.resource, info.group, info.name);
  }
  const ns = resource.namespaced ? info.namespace : undefined;
  if (info.subresource) {
    const streaming = ['log', 'exec', 'attach', 'portforward', 'proxy'].includes(info.subresource);
    if (streaming) {
      if (options.streaming && (await options.streaming(req, res, info, user))) return;
      throw new NotFoundError(`${info.resource}/${info.subresource}`, info.group, info.name ?? '');
    }
    const raw = ['POST', 'PUT', 'PATCH'].includes(req.method ?? '') ? await readBody(req) : undefined;
    const body = raw && req.method !== 'PATCH' ? decodeRaw(raw, req.headers['content-type'], api, resource) : undefined;
    await subresourceHandler(req, res, { api, resource, namespace: ns, name: info.name!, subresource: info.subresource, query, body, raw, user, issueToken: options.issueToken });
    return;
  }
  const ua = req.headers['user-agent'];
  const accept = req.headers.accept ?? '';
  const asTable = /as=Table/.test(accept);
  const now = Date.now();
  switch (info.verb) {
    case 'get': {
      const obj = api.get(resource, ns, info.name!);
      if (asTable) return sendJson(res, 200, table(resource, [obj], query, now, api.cache.revision));
      return sendRawJson(res, 200, jsonOf(obj));
    }
    case 'list': {
      const list = api.list(resource, ns, listOptions(query));
      if (!asTable) return sendRawJson(res, 200, listJson(list));
      const t = table(resource, list.items, query, now, list.metadata.resourceVersion);
      t.metadata = list.metadata;
      return sendJson(res, 200, t);
    }
    case 'watch': {
      const opts = watchOptions(query);
      if (info.name) {
        opts.fieldSelector = [opts.fieldSelector, `metadata.name=${info.name}`].filter(Boolean).join(',');
      }
      return serveWatch(req, res, api, resource, ns, opts, asTable ? (o) => table(resource, [o], query, Date.now(), o.metadata?.resourceVersion) : undefined, options.bookmarkIntervalMs);
    }
    case 'create': {
      if (info.name) throw new MethodNotAllowedError(`the server does not allow this method on the requested resource`);
      const body = await decodeBody(req, api, resource);
      const wo = { ...writeOptions(query, ua), user, ownedInput: true };
      const created = await api.create(resource, ns, body as KubeObject, wo);
      return sendRawJson(res, 201, jsonOf(created), warningHeaders(wo.warnings));
    }
    case 'update': {
      const body = await decodeBody(req, api, resource);
      const wo = { ...writeOptions(query, ua), user, ownedInput: true };
      const updated = await api.update(resource, ns, info.name!, body as KubeObject, wo);
      return sendRawJson(res, 200, jsonOf(updated), warningHeaders(wo.warnings));
    }
    case 'patch': {
      const type = patchTypeOf(req.headers['content-type'] ?? '');
      if (!type) throw new BadRequestError(`unsupported patch content type ${JSON.stringify(req.headers['content-type'] ?? '')}`);
      const raw = await readBody(req);
      const body = parseTextBody(raw, type === 'apply' ? 'yaml' : 'json');
      const wo = { ...writeOptions(query, ua), user, force: query.get('force') === 'true' };
      if (type === 'apply' && !query.get('fieldManager')) throw new BadRequestError('PATCH with apply type requires a fieldManager');
      // Server-side apply creating the object answers 201, as upstream.
      const existed = type !== 'apply' || api.cache.get(objectKey(resource, ns, info.name!)) !== undefined;
      const patched = await api.patch(resource, ns, info.name!, type, body, wo);
      return sendJson(res, existed ? 200 : 201, patched, warningHeaders(wo.warnings));
    }
    case 'delete': {
      const raw = req.headers['content-length'] && req.headers['content-length'] !== '0' ? await readBody(req) : undefined;
      const body = raw && raw.length ? (parseTextBody(raw, 'json') as Record<string, any>) : undefined;
      const result = await api.delete(resource, ns, info.name!, { ...deleteOptions(query, body, ua), user });
      return sendJson(res, result.finished ? 200 : 202, result.object);
    }
    case 'deletecollection': {
      const raw = req.headers['content-length'] && req.headers['content-length'] !== '0' ? await readBody(req) : undefined;
      const body = raw && raw.length ? (parseTextBody(raw, 'json') as Record<string, any>) : undefined;
      const items = await api.deleteCollection(resource, ns, listOptions(query), { ...deleteOptions(query, body, ua), user });
      return sendJson(res, 200, { kind: `${resource.kind}List`, apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, metadata: { resourceVersion: String(api.cache.revision) }, items });
    }
    default:
      throw new MethodNotAllowedError(`the server does not allow this method on the requested resource`);
  }
}

/** Decodes a JSON, YAML or protobuf object body. */
export async function decodeBody(req: IncomingMessage, api: ObjectApi, resource: ResourceInfo): Promise<unknown> {
  return decodeRaw(await readBody(req), req.headers['content-type'], api, resource);
}

function decodeRaw(raw: Buffer, contentType: string | undefined, api: ObjectApi, resource: ResourceInfo): unknown {
  const kind = mediaKind(contentType);
  if (kind !== 'protobuf') return parseTextBody(raw, kind);
  return pruneGoZeroValues(decodeKubernetesProtobuf(raw, api.admission.types, (apiVersion, k) => api.resources.byKind(apiVersion, k)?.type ?? fallbackType(apiVersion, k, resource)));
}

function fallbackType(apiVersion: string, kind: string, resource: ResourceInfo): string | undefined {
  const special: Record<string, string> = {
    'authentication.k8s.io/v1/TokenRequest': 'authentication.v1.TokenRequest',
    'policy/v1/Eviction': 'policy.v1.Eviction',
    'v1/Binding': 'core.v1.Binding',
    'autoscaling/v1/Scale': 'autoscaling.v1.Scale',
    'v1/DeleteOptions': 'meta.v1.DeleteOptions',
  };
  return special[`${apiVersion}/${kind}`] ?? (kind === resource.kind ? resource.type : undefined);
}

function table(resource: ResourceInfo, objects: KubeObject[], query: URLSearchParams, now: number, rv: string | number | undefined): KubeObject {
  const includeObject = (query.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
  const t = tableFor(resource, objects, { now, includeObject }) as KubeObject;
  t.metadata = { ...(t.metadata ?? {}), resourceVersion: String(rv ?? '') };
  return t;
}

function warningHeaders(warnings: string[] | undefined): Record<string, string> {
  if (!warnings?.length) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
