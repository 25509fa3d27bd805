import type { WatchCache } from './watch-cache.js';
import type { RequestInfo } from './http/request-info.js';
import type { UserInfo } from './rest/request-options.js';

type Obj = Record<string, any>;

const READ = new Set(['get', 'list', 'watch']);
const CLUSTER_READ = new Set(['nodes', 'services', 'endpoints', 'endpointslices', 'namespaces', 'pods']);

/**
 * What a node's credential may do (upstream's Node authorizer, simplified): read the cluster's
 * shape; write only its own Node, Lease, its pods' status and deletion, events; read only the
 * Secrets and ConfigMaps its pods use. Everyone else with a valid credential is allowed
 * (admins, controllers, service accounts: mk8s has no RBAC yet).
 */
export function createAuthorizer(cache: WatchCache): (user: UserInfo, info: RequestInfo) => boolean {
  return (user, info) => {
    if (!user.nodeName) return true;
    const node = user.nodeName;
    const r = info.resource;
    if (r === 'events') return ['create', 'update', 'patch', 'get', 'list', 'watch'].includes(info.verb);
    if (r === 'nodes') {
      if (READ.has(info.verb)) return true;
      return (info.name === node || (info.verb === 'create' && !info.name)) && ['create', 'update', 'patch'].includes(info.verb);
    }
    if (r === 'leases') {
      return info.namespace === 'kube-node-lease' && (info.name === node || (info.verb === 'create' && !info.name) || READ.has(info.verb));
    }
    if (r === 'pods') {
      if (READ.has(info.verb) && !info.subresource) return true;
      if (!info.name || !info.namespace) return false;
      const pod = cache.get(`/registry/core/pods/${info.namespace}/${info.name}`)?.obj;
      if (!pod || pod.spec?.nodeName !== node) return false;
      if (info.subresource === 'status') return ['get', 'update', 'patch'].includes(info.verb);
      return info.verb === 'delete' && !info.subresource;
    }
    if (r === 'secrets' || r === 'configmaps') {
      if (info.verb !== 'get' || !info.name || !info.namespace) return false;
      return podsOnNode(cache, node, info.namespace).some((pod) => references(pod, r, info.name!));
    }
    if (CLUSTER_READ.has(r)) return READ.has(info.verb);
    if (r === 'serviceaccounts' && info.subresource === 'token') return info.verb === 'create';
    return false;
  };
}

function podsOnNode(cache: WatchCache, node: string, namespace: string): Obj[] {
  return cache.list(`/registry/core/pods/${namespace}/`).map((e) => e.obj).filter((p) => p.spec?.nodeName === node);
}

/** Does the pod use this Secret/ConfigMap (volumes, env, envFrom, projected, imagePullSecrets)? */
function references(pod: Obj, resource: 'secrets' | 'configmaps', name: string): boolean {
  const spec = pod.spec ?? {};
  const secret = resource === 'secrets';
  for (const v of spec.volumes ?? []) {
    if (secret && v.secret?.secretName === name) return true;
    if (!secret && v.configMap?.name === name) return true;
    for (const s of v.projected?.sources ?? []) {
      if (secret && s.secret?.name === name) return true;
      if (!secret && s.configMap?.name === name) return true;
    }
  }
  if (secret && (spec.imagePullSecrets ?? []).some((s: Obj) => s.name === name)) return true;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.env ?? []) {
      if (secret && e.valueFrom?.secretKeyRef?.name === name) return true;
      if (!secret && e.valueFrom?.configMapKeyRef?.name === name) return true;
    }
    for (const e of c.envFrom ?? []) {
      if (secret && e.secretRef?.name === name) return true;
      if (!secret && e.configMapRef?.name === name) return true;
    }
  }
  return false;
}
