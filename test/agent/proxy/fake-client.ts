/** A list/watch client over in-memory collections, for proxy and route tests. */
type Obj = Record<string, any>;

interface Watcher {
  path: string;
  onEvent: (event: { type: string; object: Obj }) => void;
  end: () => void;
}

export class FakeListWatchClient {
  #rv = 1;
  #collections = new Map<string, Map<string, Obj>>();
  #watchers = new Set<Watcher>();
  #watchOpened: (() => void)[] = [];

  #collection(path: string): Map<string, Obj> {
    let c = this.#collections.get(path);
    if (!c) this.#collections.set(path, (c = new Map()));
    return c;
  }

  /** Adds or replaces an object and tells the open watches of `path`. */
  put(path: string, obj: Obj): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const c = this.#collection(path);
    const type = c.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.#rv) } };
    c.set(key, stored);
    for (const w of this.#watchers) if (w.path === path) w.onEvent({ type, object: stored });
  }

  remove(path: string, obj: Obj): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const stored = this.#collection(path).get(key);
    if (!stored) return;
    this.#collection(path).delete(key);
    for (const w of this.#watchers) if (w.path === path) w.onEvent({ type: 'DELETED', object: { ...stored, metadata: { ...stored.metadata, resourceVersion: String(++this.#rv) } } });
  }

  /** Ends every open watch stream with a 410 ERROR event (the client must re-list). */
  expire(): void {
    for (const w of [...this.#watchers]) {
      w.onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
      w.end();
    }
  }

  /** Resolves when `count` watches are open. */
  async watching(count: number): Promise<void> {
    while (this.#watchers.size < count) await new Promise<void>((resolve) => this.#watchOpened.push(resolve));
  }

  async call(method: string, path: string): Promise<any> {
    if (method !== 'GET') throw new Error(`unexpected ${method} ${path}`);
    return { metadata: { resourceVersion: String(this.#rv) }, items: [...this.#collection(path).values()] };
  }

  async watch(fullPath: string, onEvent: (event: { type: string; object: Obj }) => void): Promise<{ done: Promise<void>; stop: () => void }> {
    const path = fullPath.split('?')[0]!;
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    const w: Watcher = { path, onEvent, end: () => {
      this.#watchers.delete(w);
      end();
    } };
    this.#watchers.add(w);
    for (const wake of this.#watchOpened.splice(0)) wake();
    return { done, stop: w.end };
  }
}
