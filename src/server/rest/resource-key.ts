import type { ResourceInfo } from '../../api/kinds.js';

/** Storage prefix of a resource: "/registry/<group or core>/<resource>/". */
export function resourcePrefix(info: ResourceInfo): string {
  return info.storage ?? `/registry/${info.group || 'core'}/${info.resource}/`;
}

/** Key of one object; namespaced kinds add "<namespace>/". */
export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${resourcePrefix(info)}${namespace}/${name}` : `${resourcePrefix(info)}${name}`;
}

/** Prefix of a list: the resource, or one namespace of it. */
export function listPrefix(info: ResourceInfo, namespace: string | undefined): string {
  return info.namespaced && namespace ? `${resourcePrefix(info)}${namespace}/` : resourcePrefix(info);
}
