import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf } from '../../api/resources.js';
import { NotFoundError, UnauthorizedError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { handleResource, type ApiHandlerOptions } from './api-handler.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import type { OpenApiCache, OpenApiV2Cache } from '../openapi/index.js';
import { parseRequestInfo } from './request-info.js';
import { metricsApiGroup } from '../metrics/index.js';
import { sendError, sendJson, sendText } from './respond.js';

export interface RouterOptions extends ApiHandlerOptions {
  version: Record<string, string>;
  serverAddress: string;
  caPem: string;
  log: Logger;
  ready: () => boolean;
  openapi: OpenApiCache;
  /** metrics.k8s.io/v1beta1 (NodeMetrics, PodMetrics) for kubectl top and the HPA. */
  metrics?: (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<boolean>;
  /** POST /v1-mk8s/join (authenticated by the join token itself). */
  join?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The Swagger 2.0 document of `/openapi/v2` (protobuf for kubectl ≤1.27's validation). */
  openapiV2?: OpenApiV2Cache;
}

/** Everything the HTTPS listener serves, in one place. */
export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res, options).catch((err) => {
      if (!(err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'number')) {
        options.log.error('request failed', { method: req.method, url: req.url, error: String((err as Error)?.stack ?? err) });
      }
      sendError(res, err);
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, options: RouterOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/healthz':
    case '/livez':
      return sendText(res, 200, 'ok');
    case '/readyz':
      return options.ready() ? sendText(res, 200, 'ok') : sendText(res, 503, 'not ready');
    case '/version':
      return sendJson(res, 200, options.version);
    case '/cacerts':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(options.caPem);
      return;
  }
  if (path === '/v1-mk8s/join' && options.join) {
    if (req.method !== 'POST') throw new NotFoundError('paths', '', path);
    return options.join(req, res);
  }
  if (!options.authn.authenticate(req)) throw new UnauthorizedError();
  const index = options.api.resources;
  if (path === '/api') return sendJson(res, 200, apiVersions(options.serverAddress));
  if (path === '/apis') {
    const list = apiGroupList(index);
    if (options.metrics) list.groups.push(metricsApiGroup());
    return sendJson(res, 200, list);
  }
  if (path === '/openapi/v3') return sendJson(res, 200, options.openapi.index());
  if (path.startsWith('/openapi/v3/')) {
    const doc = options.openapi.document(path.slice('/openapi/v3/'.length));
    if (!doc) throw new NotFoundError('openapi', '', path);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc.json), Etag: `"${doc.hash}"`, 'Cache-Control': 'public, immutable' });
    res.end(doc.json);
    return;
  }
  if ((path === '/openapi/v2' || path === '/swagger-2.0.0.pb-v1') && options.openapiV2) return sendOpenApiV2(req, res, options.openapiV2, path);
  const parts = path.split('/').filter(Boolean);
  if (options.metrics && (await options.metrics(req, res, path, url.searchParams))) return;
  if (parts[0] === 'apis' && parts.length === 2) {
    const versions = index.groupVersions().filter((gv) => gv.group === parts[1]).map((gv) => gv.version);
    if (versions.length === 0) throw new NotFoundError('groups', '', parts[1]);
    return sendJson(res, 200, apiGroup(parts[1], versions));
  }
  if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
    const [group, version] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
    const list = apiResourceList(index, group, version);
    if (!list) throw new NotFoundError('groupversions', '', apiVersionOf({ group, version }));
    return sendJson(res, 200, list);
  }
  const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
  if (!info.isResource) throw new NotFoundError('paths', '', path);
  return handleResource(req, res, info, url.searchParams, options);
}

/** The answer's type: the `@v1.0` spelling clients ask for is no valid media type to Go's `mime`. */
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * `/openapi/v2`: gnostic protobuf when Accept names it (client-go asks for
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, others spell it `.v1.0`),
 * else JSON. `/swagger-2.0.0.pb-v1`, the legacy fallback, is always protobuf.
 */
function sendOpenApiV2(req: IncomingMessage, res: ServerResponse, doc: OpenApiV2Cache, path: string): void {
  const accept = req.headers.accept ?? '';
  const protobuf = path === '/swagger-2.0.0.pb-v1' || /application\/com\.github\.proto-openapi\.spec\.v2[@.]v1\.0\+protobuf/.test(accept);
  const headers = { ETag: doc.etag, Vary: 'Accept', 'Cache-Control': 'no-cache, private' };
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((tag) => tag.trim() === doc.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = protobuf ? doc.protobuf() : doc.json();
  res.writeHead(200, { ...headers, 'Content-Type': protobuf ? OPENAPI_V2_PROTOBUF : 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
