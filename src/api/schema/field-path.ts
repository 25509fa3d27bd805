/**
 * Turns an ajv instance path (a JSON pointer, `/spec/containers/0/image`) into the dotted path
 * Kubernetes prints (`spec.containers[0].image`), looking at the data to tell list indexes from
 * map keys that happen to be digits.
 */

export interface ResolvedPath {
  path: string;
  value: unknown;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The dotted path and the value found at `pointer` inside `root`. */
export function resolvePointer(root: unknown, pointer: string): ResolvedPath {
  let path = '';
  let value: unknown = root;
  if (pointer === '') return { path, value };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescape(raw);
    if (Array.isArray(value)) {
      path += `[${segment}]`;
      value = value[Number(segment)];
    } else {
      path = path ? `${path}.${segment}` : segment;
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return { path, value };
}

export function joinField(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
