interface Expectation {
  adds: number;
  deletes: Set<string>;
  at: number;
}

const TTL_MS = 5 * 60_000;

/**
 * What a controller is still waiting to see after its own creates and deletes, per owner
 * key, so it does not act twice on a stale view (client-go's ControllerExpectations).
 * Expectations older than five minutes are treated as met.
 */
export class Expectations {
  #map = new Map<string, Expectation>();
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  satisfied(key: string): boolean {
    const e = this.#map.get(key);
    if (!e) return true;
    return (e.adds <= 0 && e.deletes.size === 0) || this.#now() - e.at > TTL_MS;
  }

  expectCreations(key: string, n: number): void {
    this.#map.set(key, { adds: n, deletes: new Set(), at: this.#now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.#map.set(key, { adds: 0, deletes: new Set(podKeys), at: this.#now() });
  }

  creationObserved(key: string): void {
    const e = this.#map.get(key);
    if (e) e.adds--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.#map.get(key)?.deletes.delete(podKey);
  }

  delete(key: string): void {
    this.#map.delete(key);
  }
}
