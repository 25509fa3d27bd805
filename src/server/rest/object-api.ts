import type { ResourceInfo } from '../../api/kinds.js';
import { apiVersionOf, ResourceIndex } from '../../api/resources.js';
import { AlreadyExistsError, ApiError, BadRequestError, ConflictError, InternalError, NotFoundError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import { markPlainJson, type WatchCache } from '../watch-cache.js';
import { Admission } from './admission.js';
import { listObjects, type ListResult } from './list.js';
import { clone, newUid, nowTime, randomSuffix } from './object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import { applyPatch, type PatchType } from './patch.js';
import { managerOf, type DeleteOptions, type ListOptions, type WatchOptions, type WriteOptions } from './request-options.js';
import { objectKey } from './resource-key.js';
import { openWatch, type WatchStream } from './watch.js';
import { conversionFor, type Conversion } from '../../api/conversion/index.js';

export type KubeObject = Record<string, any>;

export interface ObjectApiOptions {
  store: Store;
  cache: WatchCache;
  resources?: ResourceIndex;
  admission?: Admission;
  now?: () => number;
}

/** Kinds whose status is owned by the status subresource: a main-resource write keeps the old status. */
function hasStatusSubresource(info: ResourceInfo): boolean {
  return (info.subresources ?? []).includes('status');
}

/**
 * The one semantic path for reads and writes: admission (defaults, validation), optimistic
 * concurrency, generation, finalizers and graceful deletion. HTTP handlers and the
 * in-process client both call this.
 */
export class ObjectApi {
  readonly resources: ResourceIndex;
  readonly admission: Admission;
  readonly cache: WatchCache;
  #store: Store;
  #now: () => number;

  constructor(options: ObjectApiOptions) {
    this.#store = options.store;
    this.cache = options.cache;
    this.resources = options.resources ?? new ResourceIndex();
    this.admission = options.admission ?? new Admission();
    this.#now = options.now ?? Date.now;
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    const cached = this.cache.get(objectKey(info, namespace, name));
    if (!cached) throw new NotFoundError(info.resource, info.group, name);
    return this.#present(info, cached.obj);
  }

  list(info: ResourceInfo, namespace: string | undefined, options: ListOptions = {}): ListResult {
    return listObjects(this.cache, info, namespace, options, (o) => this.#present(info, o));
  }

  watch(info: ResourceInfo, namespace: string | undefined, options: WatchOptions, onEvent: WatchStream['onEvent']): WatchStream {
    return openWatch(this.cache, this.#store, info, namespace, options, onEvent, (o) => this.#present(info, o));
  }

  async create(info: ResourceInfo, namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const converted = this.#converted(info);
    if (converted) {
      const obj = converted.conversion.toStorage(this.admission.decodeForWrite(info, input, options));
      return this.#present(info, await this.create(converted.storage, namespace, obj, { ...options, fieldValidation: 'Ignore' }));
    }
    const obj = this.admission.decodeForWrite(info, input, options);
    const meta = (obj.metadata ??= {});
    if (info.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace ?? meta.namespace ?? 'default';
      this.#checkNamespace(meta.namespace);
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    const now = this.#now();
    meta.uid = newUid();
    meta.creationTimestamp = nowTime(now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (info.generationFields?.length !== 0) meta.generation = 1;
    else delete meta.generation;
    const ready = this.admission.prepareCreate(info, obj, now);
    this.admission.validate(info, ready);
    if (!(options as { skipTracking?: boolean }).skipTracking) this.admission.trackFields(info, undefined, ready, managerOf(options), now);
    if (options.dryRun) return this.#present(info, ready);
    const key = objectKey(info, meta.namespace, ready.metadata.name);
    const result = await this.#store.create(key, serialize(ready), ready);
    if (!result.ok) throw new AlreadyExistsError(info.resource, info.group, ready.metadata.name);
    return this.#present(info, this.#written(key, ready, result.revision));
  }

  /**
   * PUT: the whole object, or a subresource ("status") that replaces only its part.
   * `metadata.resourceVersion` in the input is a precondition when present.
   */
  async update(info: ResourceInfo, namespace: string | undefined, name: string, input: KubeObject, options: WriteOptions & { subresource?: string } = {}): Promise<KubeObject> {
    const converted = this.#converted(info);
    if (converted) {
      const obj = converted.conversion.toStorage(this.admission.decodeForWrite(info, input, options));
      return this.#present(info, await this.update(converted.storage, namespace, name, obj, { ...options, fieldValidation: 'Ignore' }));
    }
    const obj = this.admission.decodeForWrite(info, input, options);
    if (obj.metadata?.name && obj.metadata.name !== name) {
      throw new BadRequestError(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    const key = objectKey(info, namespace, name);
    const current = this.cache.get(key);
    if (!current) throw new NotFoundError(info.resource, info.group, name);
    const wanted = obj.metadata?.resourceVersion;
    if (wanted && wanted !== String(current.revision)) throw new ConflictError(info.resource, info.group, name);
    return this.#replace(info, key, current.obj, obj, current.revision, options);
  }

  /** PATCH with any of the five patch types; re-reads and retries on a concurrent write. */
  async patch(info: ResourceInfo, namespace: string | undefined, name: string, type: PatchType, body: unknown, options: WriteOptions & { subresource?: string; force?: boolean } = {}): Promise<KubeObject> {
    const converted = this.#converted(info);
    if (converted && type !== 'apply') return this.#patchConverted(info, converted.storage, namespace, name, type, body, options);
    const key = objectKey(info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const current = this.cache.get(key);
      if (!current) {
        if (type === 'apply') return this.#applyCreate(info, namespace, name, body, options);
        throw new NotFoundError(info.resource, info.group, name);
      }
      const base = this.#present(info, current.obj);
      const patched = applyPatch(type, base, body, info, this.admission.types, {
        manager: managerOf(options),
        force: options.force ?? false,
        now: this.#now(),
      }, options.subresource);
      const wanted = patched.metadata?.resourceVersion;
      if (wanted && wanted !== String(current.revision)) throw new ConflictError(info.resource, info.group, name);
      try {
        return await this.#replace(info, key, current.obj, patched, current.revision, { ...options, skipTracking: type === 'apply' });
      } catch (err) {
        if (err instanceof StaleWrite && attempt < 5) continue;
        if (err instanceof StaleWrite) throw new ConflictError(info.resource, info.group, name);
        throw err;
      }
    }
  }

  async delete(info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<{ object: KubeObject; finished: boolean }> {
    const key = objectKey(info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const current = this.cache.get(key);
      if (!current) throw new NotFoundError(info.resource, info.group, name);
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== current.obj.metadata.uid) {
        throw new ConflictError(info.resource, info.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.obj.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== String(current.revision)) {
        throw new ConflictError(info.resource, info.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.revision}`);
      }
      const plan = this.admission.planDelete(info, current.obj, options, this.#now());
      if (options.dryRun) return { object: this.#present(info, plan.object ?? current.obj), finished: !plan.object };
      // Already being deleted and nothing to change: no write, no MODIFIED event.
      if (plan.object === current.obj) return { object: this.#present(info, current.obj), finished: false };
      const result = plan.object
        ? await this.#store.update(key, serialize(plan.object), current.revision, plan.object)
        : await this.#store.delete(key, current.revision);
      if (!result.ok) {
        if (result.failure === 'not-found') throw new NotFoundError(info.resource, info.group, name);
        if (attempt < 5) continue;
        throw new ConflictError(info.resource, info.group, name);
      }
      const shown = plan.object ? this.#written(key, plan.object, result.revision) : current.obj;
      return { object: this.#present(info, shown), finished: !plan.object };
    }
  }

  async deleteCollection(info: ResourceInfo, namespace: string | undefined, list: ListOptions, options: DeleteOptions = {}): Promise<KubeObject[]> {
    const { items } = this.list(info, namespace, { ...list, limit: undefined, continue: undefined });
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push((await this.delete(info, item.metadata.namespace, item.metadata.name, options)).object);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    return deleted;
  }

  /** pods/binding: sets spec.nodeName (once) and the PodScheduled condition in one write. */
  async bindPod(namespace: string, name: string, node: string): Promise<KubeObject> {
    const info = this.resources.byResource('', 'v1', 'pods')!;
    const key = objectKey(info, namespace, name);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.cache.get(key);
      if (!current) throw new NotFoundError('pods', '', name);
      const pod = current.obj;
      if (pod.spec?.nodeName) throw new ConflictError('pods', '', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      if (pod.metadata.deletionTimestamp) throw new ConflictError('pods', '', name, 'pod is being deleted, cannot be assigned to a host');
      // A copy of the parts that change; the rest is shared with the (never mutated) cached pod.
      const conditions = (pod.status?.conditions ?? []).filter((c: KubeObject) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTime(this.#now()) });
      const next = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName: node }, status: { ...(pod.status ?? {}), conditions } };
      // Cached parts, new strings and null: plain JSON, no need for the cache to check.
      if (typeof node === 'string') markPlainJson(next);
      const result = await this.#store.update(key, serialize(next), current.revision, next);
      if (result.ok) return this.#written(key, next, result.revision);
      if (result.failure === 'not-found') throw new NotFoundError('pods', '', name);
    }
    throw new ConflictError('pods', '', name);
  }

  /** A served version stored as another: its storage ResourceInfo and the conversion. */
  #converted(info: ResourceInfo): { storage: ResourceInfo; conversion: Conversion } | undefined {
    const conversion = conversionFor(info);
    if (!conversion) return undefined;
    const storage = this.resources.byResource(conversion.storageGroup, conversion.storageVersion, conversion.resource);
    return storage && { storage, conversion };
  }

  /** Patches the served version's view, then writes it back converted, with the read revision as precondition. */
  async #patchConverted(info: ResourceInfo, storage: ResourceInfo, namespace: string | undefined, name: string, type: PatchType, body: unknown, options: WriteOptions & { subresource?: string; force?: boolean }): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const base = this.get(info, namespace, name);
      const patched = applyPatch(type, base, body, info, this.admission.types, { manager: managerOf(options), force: options.force ?? false, now: this.#now() }, options.subresource);
      patched.metadata = { ...(patched.metadata ?? {}), resourceVersion: patched.metadata?.resourceVersion ?? base.metadata.resourceVersion };
      try {
        return await this.update(info, namespace, name, patched, options);
      } catch (err) {
        if (err instanceof ConflictError && attempt < 5 && patched.metadata.resourceVersion === base.metadata.resourceVersion) continue;
        throw err;
      }
    }
  }

  async #applyCreate(info: ResourceInfo, namespace: string | undefined, name: string, body: unknown, options: WriteOptions & { force?: boolean }): Promise<KubeObject> {
    const applied = applyPatch('apply', undefined, body, info, this.admission.types, { manager: managerOf(options), force: options.force ?? false, now: this.#now() });
    applied.metadata ??= {};
    if (applied.metadata.name && applied.metadata.name !== name) {
      throw new BadRequestError(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    }
    applied.metadata.name = name;
    const managed = applied.metadata.managedFields;
    // Keep the Apply entry the patch computed instead of the Update entry create would record.
    return this.create(info, namespace, applied, { ...options, fieldManager: managerOf(options), skipTracking: Boolean(managed) } as WriteOptions);
  }

  async #replace(info: ResourceInfo, key: string, old: KubeObject, input: KubeObject, revision: number, options: WriteOptions & { subresource?: string; skipTracking?: boolean }): Promise<KubeObject> {
    const now = this.#now();
    const next = this.admission.prepareUpdate(info, old, input, options.subresource, now);
    const manager = managerOf(options);
    if (!options.skipTracking) this.admission.trackFields(info, old, next, manager, now);
    this.admission.validate(info, next);
    const unchanged = jsonEqual(stripVolatile(old), stripVolatile(next));
    if (unchanged) return this.#present(info, old);
    if (options.dryRun) return this.#present(info, next);
    // Finalizers emptied on an object being deleted: the deletion completes now.
    const pending = next.metadata.finalizers?.length || (info.kind === 'Namespace' && next.spec?.finalizers?.length);
    // A bound pod waits for its node to finish it (grace 0); an unbound one goes when its finalizers do.
    const podWaits = info.kind === 'Pod' && next.spec?.nodeName && next.metadata.deletionGracePeriodSeconds !== 0;
    if (next.metadata.deletionTimestamp && !pending && !podWaits) {
      const result = await this.#store.delete(key, revision);
      if (!result.ok) throw new StaleWrite();
      return this.#present(info, old);
    }
    const result = await this.#store.update(key, serialize(next), revision, next);
    if (!result.ok) {
      if (result.failure === 'not-found') throw new NotFoundError(info.resource, info.group, next.metadata.name);
      throw new StaleWrite();
    }
    return this.#present(info, this.#written(key, next, result.revision));
  }

  #checkNamespace(namespace: string): void {
    const ns = this.cache.get(`/registry/core/namespaces/${namespace}`);
    if (!ns) throw new NotFoundError('namespaces', '', namespace);
    if (ns.obj.metadata?.deletionTimestamp || ns.obj.status?.phase === 'Terminating') {
      throw new ApiError(403, 'Forbidden', `${''}unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: namespace,
        kind: 'namespaces',
        causes: [{ type: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  /** What the cache now holds for `key` (it is fed synchronously by the store), or the written object. */
  #written(key: string, obj: KubeObject, revision: number): KubeObject {
    const cached = this.cache.get(key);
    if (cached && cached.revision === revision) return cached.obj;
    const copy = clone(obj);
    copy.metadata.resourceVersion = String(revision);
    return copy;
  }

  /** A copy for the caller, with kind and apiVersion of the served version. */
  #present(info: ResourceInfo, obj: KubeObject): KubeObject {
    const out = this.admission.convertOut(info, obj);
    return out;
  }
}

/** A write lost a race with another writer; the caller re-reads and retries. */
export class StaleWrite extends Error {
  constructor() {
    super('stale write');
  }
}

function stripVolatile(obj: KubeObject): KubeObject {
  const { metadata = {}, ...rest } = obj;
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

function serialize(obj: KubeObject): string {
  const meta = obj.metadata;
  const rv = meta.resourceVersion;
  delete meta.resourceVersion;
  try {
    return JSON.stringify(obj);
  } catch (err) {
    throw new InternalError('object cannot be serialised', err);
  } finally {
    if (rv !== undefined) meta.resourceVersion = rv;
  }
}

export { apiVersionOf };
