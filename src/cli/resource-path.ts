import type { ResourceInfo } from '../api/kinds.js';
import { apiVersionOf } from '../api/resources.js';

/** The REST path of a collection or an object. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const gv = apiVersionOf(info);
  const base = info.group ? `/apis/${gv}` : `/api/${gv}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
