/**
 * The service proxy (kube-proxy, iptables mode): watches Services and EndpointSlices and, after
 * every change (bursts coalesced), rewrites all of mk8s's chains with one `iptables-restore`.
 */
import type { Logger } from '../../log.js';
import { createIptablesRunner, type IptablesRunner } from './iptables-runner.js';
import { enableNetworkSysctls } from './network-sysctls.js';
import { buildRuleset } from './ruleset.js';
import { jumpsInPlace, parseSavedTable } from './saved-rules.js';
import { allServicePorts, SERVICE_NAME_LABEL } from './service-ports.js';
import type { Obj, RulesetOptions } from './types.js';
import { listWatch, type ListWatchClient } from '../../client/index.js';

export interface ServiceProxyOptions {
  /** The agent's client (the node credential may read services and endpointslices). */
  client: ListWatchClient;
  log: Logger;
  /** This node's addresses: LoadBalancer services answer on them like k3s ServiceLB. */
  nodeIps?: string[];
  /** Pod traffic from here to a cluster IP keeps its source; default 10.42.0.0/16. */
  clusterCidr?: string;
  runner?: IptablesRunner;
  /** Coalesces a burst of changes into one restore (default 50 ms). */
  debounceMs?: number;
  /** Full re-check of the tables, jumps included (default 60 s). */
  resyncIntervalMs?: number;
  /** Set ip_forward and bridge-nf-call-iptables (default true; off for tests in a netns). */
  sysctls?: boolean;
}

export interface ProxyStats {
  syncs: number;
  failures: number;
  servicePorts: number;
  /** Time from the first change of a burst to its rules being in the kernel, last and worst. */
  lastLatencyMs: number;
  maxLatencyMs: number;
  /** Time the last `iptables-restore` took. */
  lastRestoreMs: number;
}

export interface ServiceProxy {
  /** Resolves once the first full ruleset is in place. */
  synced: Promise<void>;
  /** Applies the current state now (skips nothing) and resolves when done. */
  syncNow(): Promise<void>;
  stats(): ProxyStats;
  /** Stops watching; the rules stay (existing connections keep working across a restart). */
  stop(): void;
}

export function startServiceProxy(options: ServiceProxyOptions): ServiceProxy {
  const log = options.log.child({ component: 'service-proxy' });
  const runner = options.runner ?? createIptablesRunner();
  const debounceMs = options.debounceMs ?? 50;
  const stats: ProxyStats = { syncs: 0, failures: 0, servicePorts: 0, lastLatencyMs: 0, maxLatencyMs: 0, lastRestoreMs: 0 };
  let stopped = false;
  let ready = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let dirtySince: number | undefined;
  let mustInspect = true;
  let lastText = '';
  let applied: { nat: string[]; filter: string[] } = { nat: [], filter: [] };
  let failures = 0;
  const waiters: (() => void)[] = [];

  const changed = () => {
    dirtySince ??= performance.now();
    if (ready) schedule(debounceMs);
  };
  const services = listWatch(options.client, '/api/v1/services', log, changed);
  const slices = listWatch(options.client, '/apis/discovery.k8s.io/v1/endpointslices', log, changed);

  const schedule = (ms: number) => {
    if (stopped || timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = syncOnce().finally(() => {
        running = undefined;
        if (dirtySince !== undefined) schedule(failures ? Math.min(30_000, 500 * 2 ** failures) : debounceMs);
      });
    }, ms);
  };

  const syncOnce = async (force = false): Promise<void> => {
    const since = dirtySince;
    dirtySince = undefined;
    try {
      const opts: RulesetOptions = { clusterCidr: options.clusterCidr ?? '10.42.0.0/16', staleChains: applied };
      if (mustInspect) {
        const nat = parseSavedTable(await runner.save('nat'));
        const filter = parseSavedTable(await runner.save('filter'));
        opts.staleChains = { nat: nat.chains, filter: filter.chains };
        opts.jumps = { ...(jumpsInPlace('nat', nat) ? {} : { nat: nat.jumps }), ...(jumpsInPlace('filter', filter) ? {} : { filter: filter.jumps }) };
      }
      const bySvc = new Map<string, Obj[]>();
      for (const s of slices.items.values()) {
        const name = s.metadata?.labels?.[SERVICE_NAME_LABEL];
        if (!name) continue;
        const key = `${s.metadata.namespace}/${name}`;
        bySvc.set(key, [...(bySvc.get(key) ?? []), s]);
      }
      const ports = allServicePorts(services.items.values(), bySvc, { nodeIps: options.nodeIps });
      const ruleset = buildRuleset(ports, opts);
      if (force || mustInspect || ruleset.text !== lastText) {
        const started = performance.now();
        await runner.restore(ruleset.text);
        stats.lastRestoreMs = performance.now() - started;
        stats.syncs += 1;
        lastText = ruleset.text;
        applied = ruleset.chains;
        mustInspect = false;
        log.debug('rules applied', { servicePorts: ports.length, restoreMs: Math.round(stats.lastRestoreMs) });
      }
      stats.servicePorts = ports.length;
      if (since !== undefined) {
        stats.lastLatencyMs = performance.now() - since;
        stats.maxLatencyMs = Math.max(stats.maxLatencyMs, stats.lastLatencyMs);
      }
      failures = 0;
      while (waiters.length) waiters.shift()!();
    } catch (err) {
      failures += 1;
      stats.failures += 1;
      mustInspect = true;
      dirtySince ??= since ?? performance.now();
      log.warn('applying service rules failed; will retry', { error: (err as Error).message, failures });
    }
  };

  const synced = (async () => {
    if (options.sysctls !== false) {
      const result = await enableNetworkSysctls(log);
      log.info('network sysctls', { ...result });
    }
    await Promise.all([services.synced, slices.synced]);
    if (stopped) return;
    ready = true;
    dirtySince ??= performance.now();
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      schedule(0);
    });
    log.info('service proxy ready', { servicePorts: stats.servicePorts, restoreMs: Math.round(stats.lastRestoreMs) });
  })();

  const resync = setInterval(() => {
    mustInspect = true;
    changed();
  }, options.resyncIntervalMs ?? 60_000);
  resync.unref();

  return {
    synced,
    syncNow: async () => {
      await synced;
      while (running) await running;
      if (timer) clearTimeout(timer);
      timer = undefined;
      running = syncOnce(true);
      await running.finally(() => (running = undefined));
      if (dirtySince !== undefined) schedule(debounceMs);
    },
    stats: () => ({ ...stats }),
    stop: () => {
      stopped = true;
      clearInterval(resync);
      if (timer) clearTimeout(timer);
      services.stop();
      slices.stop();
    },
  };
}
