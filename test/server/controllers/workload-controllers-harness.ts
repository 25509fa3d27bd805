import { createLogger } from '../../../src/log.js';
import { InProcessClient } from '../../../src/server/in-process-client.js';
import { ObjectApi, type KubeObject } from '../../../src/server/rest/object-api.js';
import { WatchCache } from '../../../src/server/watch-cache.js';
import { MemoryStore } from '../../../src/store/index.js';

/** The API in-process over the memory store, with the namespaces asked for and a settable clock. */
export async function inProcessApi(namespaces: string[] = ['default']) {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  await cache.start();
  const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
  const api = new ObjectApi({ store, cache, now: () => clock.now });
  const client = new InProcessClient(api);
  for (const name of namespaces) await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const log = createLogger({ level: 'error', write: () => {} });
  return { client, clock, log, now: () => clock.now };
}

export function podTemplate(labels: Record<string, string>, extra: KubeObject = {}): KubeObject {
  return { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } };
}

/** Sets a pod's phase (and Ready condition) through the status subresource, as a kubelet would. */
export async function setPodStatus(client: InProcessClient, pod: KubeObject, phase: string, ready = false, extra: KubeObject = {}): Promise<KubeObject> {
  const current = client.get('pods', pod.metadata.namespace, pod.metadata.name);
  current.status = { ...current.status, phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], ...extra };
  return client.updateStatus('pods', current);
}
