import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/kinds.js';
import { selectorToString } from '../../api/selectors/index.js';
import { BadRequestError, ConflictError, MethodNotAllowedError, NotFoundError } from '../../errors.js';
import type { KubeObject, ObjectApi } from '../rest/object-api.js';
import { patchTypeOf, type PatchType } from '../rest/patch.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../patch/index.js';
import type { UserInfo } from '../rest/request-options.js';
import { parseTextBody } from './body.js';
import { deleteOptions, writeOptions } from './query.js';
import { sendJson, successStatus } from './respond.js';

export interface SubresourceContext {
  api: ObjectApi;
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
  subresource: string;
  query: URLSearchParams;
  body: unknown;
  /** The raw body (PATCH bodies are parsed here, by patch type). */
  raw?: Buffer;
  user: UserInfo;
  issueToken?: (serviceAccount: KubeObject, request: KubeObject) => Promise<{ token: string; expirationTimestamp: string }>;
}

/** status, scale, binding, eviction, token and finalize. */
export async function subresourceHandler(req: IncomingMessage, res: ServerResponse, ctx: SubresourceContext): Promise<void> {
  const { api, resource, namespace, name, subresource, query } = ctx;
  if (!(resource.subresources ?? []).includes(subresource)) throw new NotFoundError(`${resource.resource}/${subresource}`, resource.group, name);
  const method = req.method ?? 'GET';
  const ua = req.headers['user-agent'];
  const wo = { ...writeOptions(query, ua), user: ctx.user };
  switch (subresource) {
    case 'status':
    case 'finalize': {
      if (method === 'GET') return sendJson(res, 200, api.get(resource, namespace, name));
      if (method === 'PUT') {
        const input = ctx.body as KubeObject;
        if (subresource === 'finalize') {
          const current = api.get(resource, namespace, name);
          const next = { ...current, spec: { ...(current.spec ?? {}), finalizers: input?.spec?.finalizers ?? [] } };
          return sendJson(res, 200, await api.update(resource, namespace, name, next, wo));
        }
        return sendJson(res, 200, await api.update(resource, namespace, name, input, { ...wo, subresource: 'status' }));
      }
      if (method === 'PATCH') {
        const type = requirePatchType(req);
        const body = parseTextBody(ctx.raw ?? Buffer.alloc(0), type === 'apply' ? 'yaml' : 'json');
        return sendJson(res, 200, await api.patch(resource, namespace, name, type, body, { ...wo, subresource: 'status' }));
      }
      throw new MethodNotAllowedError(`${method} is not allowed on ${resource.resource}/${subresource}`);
    }
    case 'scale': {
      const scaleOf = (obj: KubeObject): KubeObject => ({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
        spec: { replicas: obj.spec?.replicas ?? 0 },
        status: { replicas: obj.status?.replicas ?? 0, selector: selectorToString(obj.spec?.selector) },
      });
      if (method === 'GET') return sendJson(res, 200, scaleOf(api.get(resource, namespace, name)));
      let replicas: unknown;
      let rv: string | undefined;
      if (method === 'PUT') {
        const input = ctx.body as KubeObject;
        replicas = input?.spec?.replicas;
        rv = input?.metadata?.resourceVersion;
      } else if (method === 'PATCH') {
        const type = requirePatchType(req);
        const body = parseTextBody(ctx.raw ?? Buffer.alloc(0), type === 'apply' ? 'yaml' : 'json');
        const current = scaleOf(api.get(resource, namespace, name));
        const patched = patchScale(type, current, body, api);
        replicas = patched.spec?.replicas;
        rv = patched.metadata?.resourceVersion !== current.metadata.resourceVersion ? patched.metadata?.resourceVersion : undefined;
      } else throw new MethodNotAllowedError(`${method} is not allowed on ${resource.resource}/scale`);
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw new BadRequestError(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
      }
      const current = api.get(resource, namespace, name);
      if (rv && rv !== current.metadata.resourceVersion) throw new ConflictError(resource.resource, resource.group, name);
      const updated = await api.patch(resource, namespace, name, 'merge', { spec: { replicas } }, wo);
      return sendJson(res, 200, scaleOf(updated));
    }
    case 'binding': {
      if (method !== 'POST') throw new MethodNotAllowedError(`${method} is not allowed on pods/binding`);
      const binding = ctx.body as KubeObject;
      const node = binding?.target?.name;
      if (!node) throw new BadRequestError('target.name: Required value');
      const podName = binding?.metadata?.name ?? name;
      await api.bindPod(namespace ?? 'default', podName, node);
      return sendJson(res, 201, successStatus({ name: podName, kind: 'pods' }));
    }
    case 'eviction': {
      if (method !== 'POST') throw new MethodNotAllowedError(`${method} is not allowed on pods/eviction`);
      const eviction = (ctx.body ?? {}) as KubeObject;
      const result = await api.delete(resource, namespace, name, { ...deleteOptions(query, eviction.deleteOptions, ua), user: ctx.user });
      void result;
      return sendJson(res, 201, successStatus({ name, kind: 'pods' }));
    }
    case 'token': {
      if (method !== 'POST') throw new MethodNotAllowedError(`${method} is not allowed on serviceaccounts/token`);
      const request = (ctx.body ?? {}) as KubeObject;
      const sa = api.get(resource, namespace, name);
      if (!ctx.issueToken) throw new NotFoundError('serviceaccounts/token', '', name);
      const seconds = request.spec?.expirationSeconds ?? 3600;
      if (!Number.isInteger(seconds) || seconds < 600) throw new BadRequestError(`spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration less than 10 minutes`);
      const issued = await ctx.issueToken(sa, request);
      return sendJson(res, 201, {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name, namespace, creationTimestamp: null },
        spec: { audiences: request.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: seconds, boundObjectRef: request.spec?.boundObjectRef ?? null },
        status: issued,
      });
    }
    default:
      throw new NotFoundError(`${resource.resource}/${subresource}`, resource.group, name);
  }
}

function requirePatchType(req: IncomingMessage): PatchType {
  const type = patchTypeOf(req.headers['content-type'] ?? '');
  if (!type) throw new BadRequestError(`unsupported patch content type ${JSON.stringify(req.headers['content-type'] ?? '')}`);
  return type;
}

function patchScale(type: PatchType, current: KubeObject, body: unknown, api: ObjectApi): KubeObject {
  switch (type) {
    case 'json':
      return applyJsonPatch(current, body as never) as KubeObject;
    case 'merge':
    case 'apply':
      return applyMergePatch(current, body) as KubeObject;
    case 'strategic':
      return applyStrategicMergePatch(current, body as KubeObject, api.admission.types, 'autoscaling.v1.Scale') as KubeObject;
  }
}
