import { RESOURCES, type ResourceInfo } from './kinds.js';

export interface GroupVersion {
  group: string;
  version: string;
}

/** Look-ups over the served resources. */
export class ResourceIndex {
  readonly all: readonly ResourceInfo[];
  #byGvr = new Map<string, ResourceInfo>();
  #byGvk = new Map<string, ResourceInfo>();

  constructor(resources: readonly ResourceInfo[] = RESOURCES) {
    this.all = resources;
    for (const r of resources) {
      this.#byGvr.set(`${r.group}/${r.version}/${r.resource}`, r);
      this.#byGvk.set(`${r.group}/${r.version}/${r.kind}`, r);
    }
  }

  byResource(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.#byGvr.get(`${group}/${version}/${resource}`);
  }

  /** `apiVersion` as in manifests ("v1", "apps/v1"). */
  byKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.#byGvk.get(`${group}/${version}/${kind}`);
  }

  groupVersions(): GroupVersion[] {
    const seen = new Map<string, GroupVersion>();
    for (const r of this.all) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
    return [...seen.values()];
  }

  /** Resolves what a user types: "po", "pods", "pod", "deploy", "deployments.apps", "Deployment". */
  resolveName(name: string): ResourceInfo | undefined {
    const lower = name.toLowerCase();
    const [base, ...groupParts] = lower.split('.');
    const group = groupParts.join('.');
    const candidates = this.all.filter((r) => {
      if (group && r.group !== group && !(group === 'core' && r.group === '')) return false;
      return r.resource === base || r.singular === base || r.kind.toLowerCase() === base || (r.shortNames ?? []).includes(base);
    });
    // Prefer the core group and the first-listed (preferred) version.
    return candidates.find((r) => r.group === '') ?? candidates[0];
  }
}

export function parseApiVersion(apiVersion: string): GroupVersion {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}
