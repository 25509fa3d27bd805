/** Reads the ConfigMaps and Secrets a pod refers to, once per sync. */
import type { KubeClient } from '../client/index.js';
import type { Obj } from './types.js';

export class ObjectSource {
  readonly #client: KubeClient;
  readonly #namespace: string;
  readonly #cache = new Map<string, Promise<Obj | undefined>>();

  constructor(client: KubeClient, namespace: string) {
    this.#client = client;
    this.#namespace = namespace;
  }

  configMap(name: string): Promise<Obj | undefined> {
    return this.#get('configmaps', name);
  }

  secret(name: string): Promise<Obj | undefined> {
    return this.#get('secrets', name);
  }

  /** Values of a ConfigMap (data and binaryData) or Secret (base64-decoded) as buffers. */
  async values(kind: 'configMap' | 'secret', name: string): Promise<Map<string, Buffer> | undefined> {
    const obj = kind === 'configMap' ? await this.configMap(name) : await this.secret(name);
    if (!obj) return undefined;
    const out = new Map<string, Buffer>();
    if (kind === 'configMap') {
      for (const [k, v] of Object.entries(obj.data ?? {})) out.set(k, Buffer.from(String(v)));
      for (const [k, v] of Object.entries(obj.binaryData ?? {})) out.set(k, Buffer.from(String(v), 'base64'));
    } else {
      for (const [k, v] of Object.entries(obj.data ?? {})) out.set(k, Buffer.from(String(v), 'base64'));
      for (const [k, v] of Object.entries(obj.stringData ?? {})) out.set(k, Buffer.from(String(v)));
    }
    return out;
  }

  #get(resource: string, name: string): Promise<Obj | undefined> {
    const key = `${resource}/${name}`;
    let hit = this.#cache.get(key);
    if (!hit) {
      hit = this.#client.request('GET', `/api/v1/namespaces/${this.#namespace}/${resource}/${encodeURIComponent(name)}`).then((res) => {
        if (res.status === 404) return undefined;
        if (res.status >= 300) throw new Error(`cannot read ${resource} "${this.#namespace}/${name}": ${res.body?.message ?? res.status}`);
        return res.body as Obj;
      });
      this.#cache.set(key, hit);
    }
    return hit;
  }
}

/** A missing ConfigMap, Secret or key a container needs: the container waits (CreateContainerConfigError). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
