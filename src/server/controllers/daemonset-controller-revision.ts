import type { InProcessClient } from '../in-process-client.js';
import type { KubeObject } from '../rest/object-api.js';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's template hash: FNV-32a of the object, its decimal digits safe-encoded. */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(stableJson(template))) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function controllerRef(owner: KubeObject): KubeObject {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata?.ownerReferences ?? []).some((r: KubeObject) => r.controller && r.uid === owner.metadata.uid);
}

/** The controlling owner's `ns/name` key when it is of `kind`. */
export function ownerKey(obj: KubeObject, kind: string): string | undefined {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: KubeObject) => r.controller && r.kind === kind);
  return ref ? `${obj.metadata.namespace}/${ref.name}` : undefined;
}

/**
 * Makes sure a ControllerRevision `<owner>-<hash>` holds the owner's current template, as the
 * newest revision, and prunes the oldest unused ones past `revisionHistoryLimit`. Returns the
 * hash. `inUse` are hashes live pods still carry.
 */
export async function syncControllerRevisions(client: InProcessClient, owner: KubeObject, inUse: Set<string>): Promise<string> {
  const template = owner.spec.template;
  const hash = templateHash(template);
  const ns = owner.metadata.namespace;
  const mine = client.list('controllerrevisions.apps', ns).filter((r) => isControlledBy(r, owner));
  const max = mine.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0);
  const name = `${owner.metadata.name}-${hash}`;
  const current = mine.find((r) => r.metadata.name === name);
  if (!current) {
    await client.create('controllerrevisions.apps', ns, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, namespace: ns, labels: { ...(owner.spec.selector?.matchLabels ?? {}), [REVISION_HASH_LABEL]: hash }, ownerReferences: [controllerRef(owner)] },
      data: { spec: { template: { ...template, $patch: 'replace' } } },
      revision: max + 1,
    });
  } else if (Number(current.revision) < max) {
    current.revision = max + 1;
    await client.update('controllerrevisions.apps', current);
  }
  const limit = owner.spec.revisionHistoryLimit ?? 10;
  const old = mine
    .filter((r) => r.metadata.name !== name && !inUse.has(r.metadata.labels?.[REVISION_HASH_LABEL] ?? ''))
    .sort((a, b) => Number(a.revision) - Number(b.revision));
  for (const r of old.slice(0, Math.max(0, old.length - limit))) {
    await client.delete('controllerrevisions.apps', ns, r.metadata.name).catch(() => undefined);
  }
  return hash;
}
