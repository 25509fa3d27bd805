/**
 * The service proxy (kube-proxy, iptables mode): watches Services and EndpointSlices and, after
 * every change (bursts coalesced), applies it with one `iptables-restore`: the first sync, a
 * forced one and any after a failure or a tampered table rewrite all of mk8s's chains; the others
 * rewrite only the chains whose rules changed (an endpoint change: one service's chains).
 */
import type { Logger } from '../../log.js';
import { createIptablesRunner, type IptablesRunner } from './iptables-runner.js';
import { enableNetworkSysctls } from './network-sysctls.js';
import { buildRuleset } from './ruleset.js';
import { jumpsInPlace, parseSavedTable, tableHolds, type SavedTable } from './saved-rules.js';
import { allServicePorts, SERVICE_NAME_LABEL } from './service-ports.js';
import type { ChainContents, Obj, RulesetOptions } from './types.js';
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
  /**
   * How often the tables are read back and checked against what was written (chains, rule
   * counts, jumps); a mismatch rewrites everything (default 60 s).
   */
  resyncIntervalMs?: number;
  /** Set ip_forward and bridge-nf-call-iptables (default true; off for tests in a netns). */
  sysctls?: boolean;
}

export interface ProxyStats {
  /** `iptables-restore` calls, and how many of them rewrote every chain. */
  syncs: number;
  fullSyncs: number;
  failures: number;
  servicePorts: number;
  /** Time from the first change of a burst to its rules being in the kernel, last and worst. */
  lastLatencyMs: number;
  maxLatencyMs: number;
  /** Time the last `iptables-restore` took, and how many lines and chains it wrote. */
  lastRestoreMs: number;
  lastRestoreLines: number;
  lastChainsWritten: number;
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
  const stats: ProxyStats = { syncs: 0, fullSyncs: 0, failures: 0, servicePorts: 0, lastLatencyMs: 0, maxLatencyMs: 0, lastRestoreMs: 0, lastRestoreLines: 0, lastChainsWritten: 0 };
  let stopped = false;
  let ready = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let dirtySince: number | undefined;
  /** The tables' mk8s content is unknown: read it, then rewrite everything. */
  let mustInspect = true;
  /** Read the tables back and check they still hold `applied`. */
  let mustVerify = false;
  /** What the kernel holds: the chains of the last successful restore. */
  let applied: ChainContents | undefined;
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

  const inspect = async (): Promise<{ nat: SavedTable; filter: SavedTable }> => ({
    nat: parseSavedTable(await runner.save('nat')),
    filter: parseSavedTable(await runner.save('filter')),
  });

  const syncOnce = async (force = false): Promise<void> => {
    const since = dirtySince;
    dirtySince = undefined;
    try {
      let saved: { nat: SavedTable; filter: SavedTable } | undefined;
      if (mustInspect || (mustVerify && applied)) {
        saved = await inspect();
        if (!mustInspect && applied && !(tableHolds('nat', saved.nat, applied.nat) && tableHolds('filter', saved.filter, applied.filter))) {
          log.warn('mk8s rules changed by someone else; rewriting them all');
          mustInspect = true;
        }
      }
      mustVerify = false;
      const full = force || mustInspect || !applied;
      const opts: RulesetOptions = { clusterCidr: options.clusterCidr ?? '10.42.0.0/16' };
      if (mustInspect && saved) {
        opts.staleChains = { nat: saved.nat.chains, filter: saved.filter.chains };
        opts.jumps = { ...(jumpsInPlace('nat', saved.nat) ? {} : { nat: saved.nat.jumps }), ...(jumpsInPlace('filter', saved.filter) ? {} : { filter: saved.filter.jumps }) };
      } else if (full && applied) {
        opts.staleChains = { nat: [...applied.nat.keys()], filter: [...applied.filter.keys()] };
      } else if (applied) {
        opts.previous = applied;
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
      if (ruleset.text) {
        const started = performance.now();
        await runner.restore(ruleset.text);
        stats.lastRestoreMs = performance.now() - started;
        stats.lastRestoreLines = ruleset.text.split('\n').length - 1;
        stats.lastChainsWritten = ruleset.chainsWritten;
        stats.syncs += 1;
        if (full) stats.fullSyncs += 1;
        log.debug('rules applied', { servicePorts: ports.length, full, chains: ruleset.chainsWritten, restoreMs: Math.round(stats.lastRestoreMs) });
      }
      applied = ruleset.contents;
      mustInspect = false;
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
    mustVerify = true;
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
