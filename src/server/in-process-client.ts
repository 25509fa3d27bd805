import type { ResourceInfo } from '../api/kinds.js';
import { NotFoundError } from '../errors.js';
import { clone } from './rest/object-meta.js';
import type { KubeObject, ObjectApi } from './rest/object-api.js';
import type { PatchType } from './rest/patch.js';
import type { DeleteOptions, ListOptions, WatchOptions, WriteOptions } from './rest/request-options.js';
import type { WatchEvent, WatchStream } from './rest/watch.js';

/** A resource named as "pods", "deployments.apps", or a ResourceInfo. */
export type ResourceRef = string | ResourceInfo;

const SYSTEM_USER = { name: 'system:mk8s-controller-manager', groups: ['system:masters'] };

/**
 * The controllers' and scheduler's client: the HTTP API's semantics (admission, revisions,
 * watch) without HTTP or JSON. Results are copies the caller may change.
 */
export class InProcessClient {
  readonly api: ObjectApi;
  #manager: string;

  constructor(api: ObjectApi, manager = 'mk8s-controller-manager') {
    this.api = api;
    this.#manager = manager;
  }

  resource(ref: ResourceRef): ResourceInfo {
    if (typeof ref !== 'string') return ref;
    const info = this.api.resources.resolveName(ref);
    if (!info) throw new NotFoundError(ref, '', '');
    return info;
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    return clone(this.api.get(this.resource(ref), namespace, name));
  }

  tryGet(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.peek(ref, namespace, name);
    return obj === undefined ? undefined : clone(obj);
  }

  /**
   * The cached object itself, no copy (undefined when absent): for reads on hot paths. It is
   * shared with every reader and must never be changed; get() gives a copy to change.
   */
  peek(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    try {
      return this.api.get(this.resource(ref), namespace, name);
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  list(ref: ResourceRef, namespace?: string, options: ListOptions = {}): KubeObject[] {
    return clone(this.api.list(this.resource(ref), namespace, options).items);
  }

  create(ref: ResourceRef, namespace: string | undefined, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return this.api.create(this.resource(ref), namespace, obj, this.#opts(options)).then(clone);
  }

  /**
   * create() for a caller that hands `obj` over and needs only the new object's name and
   * resourceVersion: no copy of the input (the API may change it; the caller must not use it
   * afterwards) and none of the result.
   */
  async createOwned(ref: ResourceRef, namespace: string | undefined, obj: KubeObject, options: WriteOptions = {}): Promise<{ name: string; resourceVersion: string }> {
    const created = await this.api.create(this.resource(ref), namespace, obj, { ...this.#opts(options), ownedInput: true });
    return { name: created.metadata.name, resourceVersion: created.metadata.resourceVersion };
  }

  update(ref: ResourceRef, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return this.api.update(this.resource(ref), obj.metadata?.namespace, obj.metadata?.name, obj, this.#opts(options)).then(clone);
  }

  updateStatus(ref: ResourceRef, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return this.api.update(this.resource(ref), obj.metadata?.namespace, obj.metadata?.name, obj, { ...this.#opts(options), subresource: 'status' }).then(clone);
  }

  patch(ref: ResourceRef, namespace: string | undefined, name: string, type: PatchType, body: unknown, options: WriteOptions & { subresource?: string } = {}): Promise<KubeObject> {
    return this.api.patch(this.resource(ref), namespace, name, type, body, this.#opts(options)).then(clone);
  }

  async delete(ref: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<{ object: KubeObject; finished: boolean }> {
    const result = await this.api.delete(this.resource(ref), namespace, name, this.#opts(options));
    return { object: clone(result.object), finished: result.finished };
  }

  /** delete(), where an object already gone (404) is no error: resolves false then, true when this call deleted it. */
  async deleteIfPresent(ref: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.delete(ref, namespace, name, options);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return false;
      throw err;
    }
  }

  watch(ref: ResourceRef, namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchStream {
    return this.api.watch(this.resource(ref), namespace, options, onEvent);
  }

  #opts<T extends WriteOptions>(options: T): T {
    return { fieldManager: this.#manager, fieldValidation: 'Ignore', user: SYSTEM_USER, ...options };
  }
}
