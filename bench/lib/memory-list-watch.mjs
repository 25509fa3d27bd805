/**
 * An in-memory stand-in for the agent's API client (`call('GET', list)` and `watch(path, onEvent)`),
 * so a benchmark can drive the service proxy without a server: `put(path, obj)` stores an object
 * and delivers a watch event at once.
 */
export function createMemoryListWatch() {
  let rv = 1;
  const collections = new Map();
  const watchers = new Set();
  const collection = (path) => {
    if (!collections.has(path)) collections.set(path, new Map());
    return collections.get(path);
  };
  return {
    put(path, obj) {
      const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      const c = collection(path);
      const type = c.has(key) ? 'MODIFIED' : 'ADDED';
      const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      c.set(key, stored);
      for (const w of watchers) if (w.path === path) w.onEvent({ type, object: stored });
    },
    async call(method, path) {
      if (method !== 'GET') throw new Error(`memory list/watch: unexpected ${method} ${path}`);
      return { metadata: { resourceVersion: String(rv) }, items: [...collection(path).values()] };
    },
    async watch(fullPath, onEvent) {
      let end;
      const done = new Promise((resolve) => (end = resolve));
      const w = { path: fullPath.split('?')[0], onEvent };
      watchers.add(w);
      return {
        done,
        stop: () => {
          watchers.delete(w);
          end();
        },
      };
    },
  };
}
