/** What the runtime holds for one pod: per container name, the current and the previous attempt. */
import { LABELS, type ContainerRuntime, type ContainerStatus } from '../runtime/index.js';

export interface ObservedContainer {
  id: string;
  name: string;
  attempt: number;
  image: string;
  status: ContainerStatus;
}

export interface ContainerHistory {
  current: ObservedContainer;
  previous?: ObservedContainer;
  /** Attempts older than the previous one: removed by the worker. */
  stale: ObservedContainer[];
}

export async function observePod(runtime: ContainerRuntime, uid: string): Promise<Map<string, ContainerHistory>> {
  const infos = await runtime.listContainers({ labels: { [LABELS.podUid]: uid } });
  const all: ObservedContainer[] = [];
  for (const info of infos) {
    let status: ContainerStatus;
    try {
      status = await runtime.containerStatus(info.id);
    } catch {
      continue; // removed between list and inspect
    }
    all.push({ id: info.id, name: info.labels[LABELS.containerName] ?? '', attempt: Number(info.labels[LABELS.attempt] ?? 0), image: info.image, status });
  }
  all.sort((a, b) => b.attempt - a.attempt);
  const byName = new Map<string, ContainerHistory>();
  for (const c of all) {
    const h = byName.get(c.name);
    if (!h) byName.set(c.name, { current: c, stale: [] });
    else if (!h.previous) h.previous = c;
    else h.stale.push(c);
  }
  return byName;
}
