/**
 * host-gw routing: keeps `ip route <podCIDR> via <nodeIP>` for every other Node in step with the
 * Node objects, and removes the routes it added (recorded in `<dataDir>/agent/routes.json`,
 * so a restarted agent still removes stale ones).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import { listWatch, type ListWatchClient } from '../../client/index.js';
import { desiredRoutes } from './desired-routes.js';
import { createIpRunner, type IpRunner } from './ip-runner.js';

export interface RouteSyncOptions {
  client: ListWatchClient;
  nodeName: string;
  /** This node's pod CIDR (the bridge routes it) and address: never routed. */
  podCidr?: string;
  nodeIp?: string;
  dataDir: string;
  log: Logger;
  ip?: IpRunner;
  /** Re-apply every route (someone may have deleted one); default 30 s. */
  resyncIntervalMs?: number;
}

export interface RouteSync {
  /** Resolves after the first Node list was applied. */
  synced: Promise<void>;
  /** The routes this agent has in place: pod CIDR → via. */
  routes(): Map<string, string>;
  /** Applies the current Nodes now. */
  syncNow(): Promise<void>;
  /** Stops watching; routes stay (use `removeAll` on uninstall). */
  stop(): void;
  removeAll(): Promise<void>;
}

export function routesFile(dataDir: string): string {
  return join(dataDir, 'agent', 'routes.json');
}

async function readRecord(file: string): Promise<Map<string, string>> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { routes?: Record<string, string> };
    return new Map(Object.entries(data.routes ?? {}));
  } catch {
    return new Map();
  }
}

export function startRouteSync(options: RouteSyncOptions): RouteSync {
  const log = options.log.child({ component: 'route-sync' });
  const ip = options.ip ?? createIpRunner();
  const file = routesFile(options.dataDir);
  let added = new Map<string, string>();
  let loaded: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let ready = false;
  let stopped = false;

  const save = async () => {
    await mkdir(join(options.dataDir, 'agent'), { recursive: true, mode: 0o700 });
    await writeFile(`${file}.tmp`, JSON.stringify({ routes: Object.fromEntries(added) }, null, 2) + '\n');
    await rename(`${file}.tmp`, file);
  };

  const apply = async (force: boolean) => {
    loaded ??= readRecord(file).then((m) => void (added = m));
    await loaded;
    const wanted = desiredRoutes(nodes.items.values(), options);
    let changed = false;
    for (const [cidr, via] of added) {
      if (wanted.get(cidr) === via) continue;
      try {
        await ip(['route', 'del', cidr, 'via', via]);
      } catch (err) {
        // Already gone (or never made it): forget it either way; anything else is logged.
        if (!/No such process|not found|Cannot find/i.test((err as Error).message)) log.warn('removing a route failed', { cidr, via, error: (err as Error).message });
      }
      added.delete(cidr);
      changed = true;
      log.info('route removed', { cidr, via });
    }
    for (const [cidr, via] of wanted) {
      if (!force && added.get(cidr) === via) continue;
      try {
        await ip(['route', 'replace', cidr, 'via', via]);
        if (added.get(cidr) !== via) log.info('route added', { cidr, via });
        if (added.get(cidr) !== via) changed = true;
        added.set(cidr, via);
      } catch (err) {
        log.warn('adding a route failed; will retry', { cidr, via, error: (err as Error).message });
      }
    }
    if (changed) await save();
  };

  const enqueue = (force = false): Promise<void> => {
    const run = chain.then(() => apply(force)).catch((err: Error) => log.warn('route sync failed; will retry', { error: err.message }));
    chain = run;
    return run;
  };

  const nodes = listWatch(options.client, '/api/v1/nodes', log, () => {
    if (ready && !stopped) void enqueue();
  });
  const synced = (async () => {
    await nodes.synced;
    ready = true;
    await enqueue(true);
  })();
  const resync = setInterval(() => void enqueue(true), options.resyncIntervalMs ?? 30_000);
  resync.unref();

  return {
    synced,
    routes: () => new Map(added),
    syncNow: () => enqueue(true),
    stop: () => {
      stopped = true;
      clearInterval(resync);
      nodes.stop();
    },
    removeAll: async () => {
      await chain;
      loaded ??= readRecord(file).then((m) => void (added = m));
      await loaded;
      for (const [cidr, via] of added) await ip(['route', 'del', cidr, 'via', via]).catch(() => undefined);
      added.clear();
      await save();
    },
  };
}
