import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFieldSelector, parseLabelSelector } from '../../api/selectors/index.js';
import { MethodNotAllowedError, NotFoundError } from '../../errors.js';
import { sendError, sendJson } from '../http/respond.js';
import { METRICS_GROUP, METRICS_VERSION, metricsApiGroup, metricsResourceList } from './discovery.js';
import { metricsList, nodeMetricsObject, podMetricsObject } from './metrics-objects.js';
import type { MetricsSource } from './types.js';

type Obj = Record<string, any>;

/** Serves a metrics.k8s.io request; resolves false when `path` is not under `/apis/metrics.k8s.io`. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<boolean>;

export interface MetricsHandlerOptions {
  now?: () => number;
}

const PREFIX = `/apis/${METRICS_GROUP}`;

/**
 * The metrics.k8s.io/v1beta1 API over a MetricsSource: discovery, NodeMetrics (`nodes[/name]`)
 * and PodMetrics (`pods`, `namespaces/<ns>/pods[/name]`), get and list with label and field
 * selectors. Errors are answered as Status objects; the caller has authenticated the request.
 */
export function createMetricsHandler(source: MetricsSource, options: MetricsHandlerOptions = {}): MetricsHandler {
  const now = options.now ?? Date.now;
  return async (req, res, path, query) => {
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    try {
      sendJson(res, 200, await answer(source, req.method ?? 'GET', path, query, now()));
    } catch (err) {
      sendError(res, err);
    }
    return true;
  };
}

async function answer(source: MetricsSource, method: string, path: string, query: URLSearchParams, now: number): Promise<Obj> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (method !== 'GET' && method !== 'HEAD') throw new MethodNotAllowedError(`the server does not allow this method on the requested resource`);
  if (parts.length === 2) return metricsApiGroup();
  if (parts[2] !== METRICS_VERSION) throw new NotFoundError('groupversions', '', `${METRICS_GROUP}/${parts[2]}`);
  if (parts.length === 3) return metricsResourceList();
  if (query.get('watch') === 'true' || query.get('watch') === '1') throw new MethodNotAllowedError('the server does not allow this method on the requested resource');
  const rest = parts.slice(3);
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (rest[0] === 'nodes' && rest.length <= 2) {
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '', ['metadata.name']);
    const items = (await source.nodeMetrics()).sort((a, b) => a.name.localeCompare(b.name)).map((u) => nodeMetricsObject(u, now));
    if (rest.length === 2) {
      const one = items.find((o) => o.metadata.name === rest[1]);
      if (!one) throw new NotFoundError('nodemetrics', METRICS_GROUP, rest[1]);
      return one;
    }
    return metricsList('NodeMetricsList', items.filter((o) => labels.matches(o.metadata.labels ?? {}) && fields.matches(o)));
  }
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3 && rest[2] === 'pods' && rest.length <= 4;
  if ((rest[0] === 'pods' && rest.length === 1) || namespaced) {
    const namespace = namespaced ? rest[1] : undefined;
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '', ['metadata.name', 'metadata.namespace']);
    const items = (await source.podMetrics(namespace))
      .filter((u) => namespace === undefined || u.namespace === namespace)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
      .map((u) => podMetricsObject(u, now));
    if (rest.length === 4) {
      const one = items.find((o) => o.metadata.name === rest[3]);
      if (!one) throw new NotFoundError('podmetrics', METRICS_GROUP, `${namespace}/${rest[3]}`);
      return one;
    }
    return metricsList('PodMetricsList', items.filter((o) => labels.matches(o.metadata.labels ?? {}) && fields.matches(o)));
  }
  throw new NotFoundError('paths', '', path);
}
