import { createServer as createHttpsServer, type Server } from 'node:https';
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname, networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../log.js';
import { SqliteStore, type Store } from '../store/index.js';
import { ResourceIndex } from '../api/resources.js';
import { ensureServerPki, formatClusterToken, parseClusterToken } from './tls/index.js';
import { createOpenApiCache } from './openapi/index.js';
import { WatchCache } from './watch-cache.js';
import { Admission } from './rest/admission.js';
import { ObjectApi } from './rest/object-api.js';
import { Authenticator } from './authn.js';
import { createRouter } from './http/router.js';
import { loadOrCreateSecret, randomSecret, writeSecret } from './credentials.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { versionInfo } from './version.js';
import { serverPaths, type ServerConfig } from './server-config.js';
import { bootstrapObjects } from './bootstrap.js';
import { startControllers, type ControllerHandle } from './controllers/index.js';
import { InProcessClient } from './in-process-client.js';

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
export async function startServer(config: ServerConfig, options: { log?: Logger; store?: Store } = {}): Promise<RunningServer> {
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
  const admission = new Admission({
    notReadyTolerationSeconds: config.defaultNotReadyTolerationSeconds,
    unreachableTolerationSeconds: config.defaultUnreachableTolerationSeconds,
  });
  const api = new ObjectApi({ store, cache, resources, admission });
  const client = new InProcessClient(api);
  await bootstrapObjects(client, log);

  const authn = new Authenticator();
  authn.addToken(adminToken, { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] });

  const openapi = createOpenApiCache(admission.types, resources.all);
  let ready = false;
  const advertise = config.advertiseAddress ?? '127.0.0.1';
  const router = createRouter({
    api,
    authn,
    version: versionInfo(),
    serverAddress: `${advertise}:${config.httpsListenPort}`,
    caPem: pki.ca.certPem,
    log,
    ready: () => ready,
    openapi,
  });
  const server: Server = createHttpsServer({ cert: pki.serving.certPem, key: pki.serving.keyPem, keepAlive: true, requestTimeout: 0 }, router);
  server.keepAliveTimeout = 65_000;
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

  const controllers: ControllerHandle = startControllers(client, log, config);
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
