/**
 * Serialised forms of cached objects. Objects served from the watch cache are never mutated,
 * so their JSON can be kept (weakly, by identity) and reused by every GET and LIST.
 */
const serialized = new WeakMap<object, string>();

export function jsonOf(obj: object): string {
  let text = serialized.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    serialized.set(obj, text);
  }
  return text;
}

/** A list document built from its items' cached JSON. */
export function listJson(list: { kind: string; apiVersion: string; metadata: object; items: object[] }): string {
  return `{"kind":${JSON.stringify(list.kind)},"apiVersion":${JSON.stringify(list.apiVersion)},"metadata":${JSON.stringify(list.metadata)},"items":[${list.items.map(jsonOf).join(',')}]}`;
}
