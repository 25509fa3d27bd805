/**
 * Names as upstream's OpenAPI documents spell them: schema names, group-version keys and
 * operation ids.
 */

const SPECIAL_NAMES: Readonly<Record<string, string>> = {
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
};

/** `core.v1.Pod` → `io.k8s.api.core.v1.Pod`; `meta.v1.ObjectMeta` → `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`. */
export function openApiName(typeName: string): string {
  if (typeName.startsWith('io.k8s.')) return typeName;
  if (SPECIAL_NAMES[typeName]) return SPECIAL_NAMES[typeName];
  if (typeName.startsWith('meta.')) return `io.k8s.apimachinery.pkg.apis.${typeName}`;
  if (typeName.startsWith('runtime.')) return `io.k8s.apimachinery.pkg.${typeName}`;
  if (typeName.startsWith('version.')) return `io.k8s.apimachinery.pkg.${typeName}`;
  return `io.k8s.api.${typeName}`;
}

/** The `/openapi/v3` index key of a group-version: `api/v1`, `apis/apps/v1`. */
export function groupVersionKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Accepts `api/v1`, `apis/apps/v1`, `v1` or `apps/v1`; returns [group, version]. */
export function parseGroupVersion(groupVersion: string): [string, string] | undefined {
  const parts = groupVersion.replace(/^\/+|\/+$/g, '').split('/');
  if (parts[0] === 'api' && parts.length === 2) return ['', parts[1]];
  if (parts[0] === 'apis' && parts.length === 3) return [parts[1], parts[2]];
  if (parts.length === 1 && parts[0]) return ['', parts[0]];
  if (parts.length === 2) return [parts[0], parts[1]];
  return undefined;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** `apps` → `Apps`, `coordination.k8s.io` → `Coordination`, `` → `Core`. */
export function groupCamel(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map(capitalize)
    .join('');
}

/** The operation-id stem of a group-version: `CoreV1`, `AppsV1`. */
export function operationStem(group: string, version: string): string {
  return `${groupCamel(group)}${capitalize(version)}`;
}

/** The tag upstream gives operations of a group-version: `core_v1`, `apps_v1`. */
export function operationTag(group: string, version: string): string {
  const g = groupCamel(group);
  return `${g[0].toLowerCase()}${g.slice(1)}_${version}`;
}
