import { createServer as createHttpsServer, type Server } from 'node:https';
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname, networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../log.js';
import { SqliteStore, type Store } from '../store/index.js';
import { ResourceIndex } from '../api/resources.js';
import { ensureServerPki } from './tls/ensure-server-pki.js';
import { formatClusterToken, parseClusterToken } from './tls/cluster-token.js';
import { createOpenApiCache, createOpenApiV2Cache } from './openapi/index.js';
import { WatchCache } from './watch-cache.js';
import { Admission } from './rest/admission.js';
import { ObjectApi } from './rest/object-api.js';
import { Authenticator } from './authn.js';
import { createRouter } from './http/router.js';
import { loadOrCreateSecret, randomSecret, writeSecret } from './credentials.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { versionInfo } from './version.js';
import { serverPaths, type ServerConfig } from './server-config.js';
import { bootstrapObjects, ensureKubernetesService } from './bootstrap.js';
import { CONTROLLERS, CORE_CONTROLLERS, startControllers, type ControllerFactory, type ControllerHandle } from './controllers/index.js';
import { hpaController } from './controllers/hpa-controller.js';
import { MetricsProvider, createMetricsHandler, type MetricsSource } from './metrics/index.js';
import { InProcessClient } from './in-process-client.js';
import { ServiceAccountTokens } from './service-account-tokens.js';
import { ServiceAllocator } from './service-allocator.js';
import { NodeCredentials } from './node-credentials.js';
import { createAuthorizer } from './node-authorizer.js';
import { createJoinHandler } from './join.js';
import { createStreamingProxy } from './streaming/index.js';

export interface RunningServer {
  url: string;
  port: number;
  kubeconfigPath: string;
  adminToken: string;
  clusterToken: string;
  caPem: string;
  api: ObjectApi;
  client: InProcessClient;
  log: Logger;
  stop(): Promise<void>;
}

/** The first non-loopback IPv4 address, or 127.0.0.1. */
function firstHostIp(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/** Host names and addresses the serving certificate must cover. */
function localNames(config: ServerConfig): { hostnames: string[]; ips: string[] } {
  const ips = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ips.add(a.address.split('%')[0]);
  if (config.advertiseAddress) ips.add(config.advertiseAddress);
  if (config.bindAddress && config.bindAddress !== '0.0.0.0' && config.bindAddress !== '::') ips.add(config.bindAddress);
  return { hostnames: ['localhost', hostname()], ips: [...ips] };
}

/**
 * Starts the control plane: store, watch cache, API, controllers and the HTTPS listener;
 * resolves once /readyz would answer ok.
 */
export interface StartOptions {
  log?: Logger;
  store?: Store;
  /** Which controllers run: all (default), or only the lifecycle ones (API tests without workload controllers). */
  controllers?: 'all' | 'core';
  /** A metrics source instead of scraping the nodes (tests). */
  metrics?: MetricsSource;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const paths = serverPaths(config.dataDir);
  await mkdir(paths.server, { recursive: true, mode: 0o700 });
  await mkdir(dirname(paths.db), { recursive: true, mode: 0o700 });

  const names = localNames(config);
  const pki = await ensureServerPki(paths.tls, { hostnames: names.hostnames, ips: names.ips, tlsSans: config.tlsSans });
  const adminToken = await loadOrCreateSecret(paths.adminToken, () => randomSecret(24));
  const secret = config.token ? parseClusterToken(config.token).secret : undefined;
  let clusterToken = await loadOrCreateSecret(paths.token, () => formatClusterToken(pki.ca.certPem, secret ?? randomSecret(16)));
  if (secret && parseClusterToken(clusterToken).secret !== secret) {
    clusterToken = formatClusterToken(pki.ca.certPem, secret);
    await writeSecret(paths.token, clusterToken);
  }

  const store = options.store ?? new SqliteStore(paths.db, { onBackgroundError: (err) => log.error('store compaction failed', { error: err.message }) });
  const cache = new WatchCache(store, { onError: (err) => log.error('watch cache listener failed', { error: err.message }) });
  await cache.start();
  const resources = new ResourceIndex();
  const allocator = new ServiceAllocator(config.serviceCidr, config.serviceNodePortRange, () => cache.list('/registry/core/services/').map((e) => e.obj));
  const admission = new Admission({
    notReadyTolerationSeconds: config.defaultNotReadyTolerationSeconds,
    unreachableTolerationSeconds: config.defaultUnreachableTolerationSeconds,
    onCreate: (info, obj) => {
      if (info.kind === 'Service') allocator.allocate(obj);
    },
    onUpdate: (info, old, next) => {
      if (info.kind === 'Service') allocator.allocate(next, old);
    },
  });
  const api = new ObjectApi({ store, cache, resources, admission });
  const client = new InProcessClient(api);
  await bootstrapObjects(client, log);

  const authn = new Authenticator();
  authn.addToken(adminToken, { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  const signingKey = await loadOrCreateSecret(paths.signingKey, () => randomSecret(32));
  const saTokens = new ServiceAccountTokens(signingKey, (ns, name) => cache.get(`/registry/core/serviceaccounts/${ns}/${name}`)?.obj.metadata?.uid);
  authn.addLookup((token) => saTokens.authenticate(token));
  const nodeCredentials = new NodeCredentials(signingKey);
  authn.addLookup((token) => nodeCredentials.authenticate(token));
  const join = createJoinHandler({ cache, config, clusterSecret: parseClusterToken(clusterToken).secret, credentials: nodeCredentials, ca: pki.ca });

  const openapi = createOpenApiCache(admission.types, resources.all);
  let ready = false;
  const advertise = config.advertiseAddress ?? '127.0.0.1';
  const authorize = createAuthorizer(cache);
  const nodeEndpoint = (nodeName: string) => {
    const node = cache.get(`/registry/core/nodes/${nodeName}`)?.obj;
    const address = (node?.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address;
    if (!node || !address) return undefined;
    return { host: address, port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250, ca: pki.ca.certPem, token: nodeCredentials.kubeletClientToken(nodeName) };
  };
  const metricsProvider = new MetricsProvider({ cache, resolveNodeEndpoint: nodeEndpoint, intervalMs: config.metricResolutionSeconds * 1000, log: log.child({ component: 'metrics' }) });
  const metricsSource = options.metrics ?? metricsProvider;
  const streaming = createStreamingProxy({
    resolveNode: (namespace, podName) => {
      const nodeName = cache.get(`/registry/core/pods/${namespace}/${podName}`)?.obj?.spec?.nodeName;
      return nodeName ? nodeEndpoint(nodeName) : undefined;
    },
    authenticate: (req) => authn.authenticate(req),
    authorize,
  });
  const router = createRouter({
    api,
    authn,
    version: versionInfo(),
    serverAddress: `${advertise}:${config.httpsListenPort}`,
    caPem: pki.ca.certPem,
    log,
    ready: () => ready,
    openapi,
    openapiV2: createOpenApiV2Cache(admission.types, resources.all),
    join,
    authorize,
    streaming,
    metrics: createMetricsHandler(metricsSource),
    issueToken: async (sa, request) =>
      saTokens.issue(sa.metadata.namespace, sa.metadata.name, sa.metadata.uid, request.spec?.expirationSeconds ?? 3600, request.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local']),
  });
  const server: Server = createHttpsServer({ cert: pki.serving.certPem, key: pki.serving.keyPem, keepAlive: true, requestTimeout: 0 }, router);
  server.keepAliveTimeout = 65_000;
  server.on('upgrade', (req, socket, head) => {
    streaming.handleUpgrade(req, socket, head).then(
      (handled) => {
        if (!handled) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      },
      (err) => {
        log.error('upgrade failed', { url: req.url, error: String(err) });
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpsListenPort, config.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const kubeconfigPath = config.writeKubeconfig ?? paths.kubeconfig;
  await mkdir(dirname(kubeconfigPath), { recursive: true });
  await writeFile(kubeconfigPath, kubeconfigYaml({ server: url, caPem: pki.ca.certPem, token: adminToken }), { mode: 0o600 });
  await chmod(kubeconfigPath, 0o600);

  await ensureKubernetesService(client, allocator.apiServerIp, config.advertiseAddress ?? firstHostIp(), port);
  const hpa: ControllerFactory = (c, l, cfg) => hpaController(c, l, cfg, { metrics: metricsSource });
  const controllers: ControllerHandle = startControllers(client, log, config, options.controllers === 'core' ? CORE_CONTROLLERS : [...CONTROLLERS, hpa]);
  if (!options.metrics) metricsProvider.start();
  ready = true;
  log.info('mk8s server is ready', { url, dataDir: config.dataDir, kubeconfig: kubeconfigPath });

  let stopped = false;
  return {
    url,
    port,
    kubeconfigPath,
    adminToken,
    clusterToken,
    caPem: pki.ca.certPem,
    api,
    client,
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      ready = false;
      controllers.stop();
      metricsProvider.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      cache.stop();
      await store.close();
      log.info('mk8s server stopped');
    },
  };
}
