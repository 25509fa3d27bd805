import type { ResourceInfo } from '../../api/kinds.js';
import { apiVersionOf, type ResourceIndex } from '../../api/resources.js';

type Obj = Record<string, any>;

const SUBRESOURCE_SHAPES: Record<string, { kind?: string; group?: string; version?: string; verbs: string[] }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  log: { kind: 'Pod', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  proxy: { kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'head', 'options', 'patch', 'update'] },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'] },
  token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  finalize: { verbs: ['update'] },
};

const DEFAULT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** GET /api */
export function apiVersions(serverAddress: string): Obj {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /apis: every group with its versions, the first listed preferred. */
export function apiGroupList(index: ResourceIndex): Obj {
  const groups = new Map<string, string[]>();
  for (const r of index.all) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroup(name: string, versions: string[]): Obj {
  const vs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: vs, preferredVersion: vs[0] };
}

/** GET /api/v1 or /apis/<g>/<v>: the resources with their subresources. */
export function apiResourceList(index: ResourceIndex, group: string, version: string): Obj | undefined {
  const resources = index.all.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const out: Obj[] = [];
  for (const r of resources) {
    out.push(resourceEntry(r));
    for (const sub of r.subresources ?? []) {
      const shape = SUBRESOURCE_SHAPES[sub] ?? { verbs: ['get'] };
      const entry: Obj = { name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: shape.kind ?? r.kind, verbs: shape.verbs };
      if (shape.group !== undefined) {
        entry.group = shape.group;
        entry.version = shape.version;
      }
      out.push(entry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources: out };
}

function resourceEntry(r: ResourceInfo): Obj {
  const entry: Obj = {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...(r.verbs ?? DEFAULT_VERBS)],
  };
  if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
  if (r.categories?.length) entry.categories = [...r.categories];
  entry.storageVersionHash = Buffer.from(`${r.group}/${r.version}/${r.kind}`).toString('base64').slice(0, 11);
  return entry;
}
