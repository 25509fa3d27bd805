import type { ResourceInfo } from '../../api/kinds.js';
import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';
import { resourcePrefix } from '../rest/resource-key.js';
import type { ControllerSpec } from './controller.js';
import { uniqueStorage } from './namespace-controller.js';

interface Ref {
  key: string;
  info: ResourceInfo;
  namespace?: string;
  name: string;
}

/**
 * Garbage collection by ownerReferences, keyed by owner uid: dependents of a deleted owner
 * are deleted (background); an owner with the `foregroundDeletion` finalizer waits for its
 * dependents to go; one with `orphan` has its references removed from them first.
 */
export function garbageCollector(client: InProcessClient, _log: Logger): ControllerSpec {
  const infos = uniqueStorage(client);
  const uidToRef = new Map<string, Ref>();
  const dependents = new Map<string, Set<string>>();
  const ownersOf = new Map<string, string[]>();

  const refOf = (key: string, obj: KubeObject): Ref | undefined => {
    const info = infos.find((i) => key.startsWith(resourcePrefix(i)));
    return info && { key, info, namespace: obj.metadata?.namespace, name: obj.metadata?.name };
  };

  const index = (key: string, obj: KubeObject | undefined, enqueue: (uid: string) => void) => {
    for (const uid of ownersOf.get(key) ?? []) dependents.get(uid)?.delete(key);
    ownersOf.delete(key);
    if (!obj) return;
    const ref = refOf(key, obj);
    if (ref && obj.metadata?.uid) uidToRef.set(obj.metadata.uid, ref);
    const owners: string[] = (obj.metadata?.ownerReferences ?? []).map((o: KubeObject) => o.uid).filter(Boolean);
    if (owners.length) ownersOf.set(key, owners);
    for (const uid of owners) {
      let set = dependents.get(uid);
      if (!set) dependents.set(uid, (set = new Set()));
      set.add(key);
      if (!uidToRef.has(uid)) enqueue(uid);
    }
    const finalizers: string[] = obj.metadata?.finalizers ?? [];
    if (obj.metadata?.deletionTimestamp && (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))) enqueue(obj.metadata.uid);
  };

  return {
    name: 'garbage-collector',
    watch(enqueue) {
      for (const info of infos) for (const obj of client.api.cache.list(resourcePrefix(info))) index(obj.key, obj.obj, enqueue);
      return client.api.cache.subscribe((e) => {
        const uid = e.obj.metadata?.uid;
        if (e.type === 'DELETED') {
          index(e.key, undefined, enqueue);
          if (uid) {
            uidToRef.delete(uid);
            if (dependents.get(uid)?.size) enqueue(uid);
          }
          for (const owner of e.obj.metadata?.ownerReferences ?? []) if (uidToRef.has(owner.uid)) enqueue(owner.uid);
        } else index(e.key, e.obj, enqueue);
      });
    },
    async reconcile(uid) {
      const deps = [...(dependents.get(uid) ?? [])];
      const ownerRef = uidToRef.get(uid);
      const owner = ownerRef ? client.api.cache.get(ownerRef.key)?.obj : undefined;
      if (!owner || owner.metadata.uid !== uid) {
        // Owner gone: dependents whose every owner is gone are deleted, others lose the reference.
        for (const key of deps) {
          const dep = client.api.cache.get(key)?.obj;
          if (!dep || dep.metadata.deletionTimestamp) continue;
          const live = (dep.metadata.ownerReferences ?? []).filter((o: KubeObject) => o.uid !== uid && uidToRef.has(o.uid));
          const ref = refOf(key, dep)!;
          if (live.length === 0) await ignoreNotFound(client.delete(ref.info, ref.namespace, ref.name, { propagationPolicy: 'Background' }));
          else await ignoreNotFound(client.patch(ref.info, ref.namespace, ref.name, 'merge', { metadata: { ownerReferences: live, resourceVersion: dep.metadata.resourceVersion } }));
        }
        return;
      }
      const finalizers: string[] = owner.metadata.finalizers ?? [];
      if (!owner.metadata.deletionTimestamp) return;
      if (finalizers.includes('orphan')) {
        for (const key of deps) {
          const dep = client.api.cache.get(key)?.obj;
          if (!dep) continue;
          const ref = refOf(key, dep)!;
          const rest = (dep.metadata.ownerReferences ?? []).filter((o: KubeObject) => o.uid !== uid);
          await ignoreNotFound(client.patch(ref.info, ref.namespace, ref.name, 'merge', { metadata: { ownerReferences: rest.length ? rest : null } }));
        }
        await removeFinalizer(client, ownerRef!, 'orphan');
        return;
      }
      if (finalizers.includes('foregroundDeletion')) {
        let waiting = 0;
        for (const key of deps) {
          const dep = client.api.cache.get(key)?.obj;
          if (!dep) continue;
          waiting++;
          if (dep.metadata.deletionTimestamp) continue;
          const ref = refOf(key, dep)!;
          await ignoreNotFound(client.delete(ref.info, ref.namespace, ref.name, { propagationPolicy: 'Foreground' }));
        }
        // Dependents' DELETED events re-queue this owner; finish only when none is left.
        if (waiting === 0) await removeFinalizer(client, ownerRef!, 'foregroundDeletion');
      }
    },
  };
}

async function removeFinalizer(client: InProcessClient, ref: Ref, finalizer: string): Promise<void> {
  const current = client.tryGet(ref.info, ref.namespace, ref.name);
  if (!current) return;
  const rest = (current.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
  current.metadata.finalizers = rest;
  await ignoreNotFound(client.update(ref.info, current));
}

async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}
