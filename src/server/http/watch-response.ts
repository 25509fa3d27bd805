import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/kinds.js';
import type { ObjectApi, KubeObject } from '../rest/object-api.js';
import type { WatchOptions } from '../rest/request-options.js';
import type { WatchEvent } from '../rest/watch.js';
import { statusOf } from './respond.js';
import { jsonOf } from './json-cache.js';

/**
 * A watch as kubectl reads it: chunked application/json, one event per line, flushed at once.
 * Ends at `timeoutSeconds` (default: a random 30–60 minutes, as upstream) or when the client goes.
 */
export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  api: ObjectApi,
  resource: ResourceInfo,
  namespace: string | undefined,
  options: WatchOptions & { timeoutSeconds?: number },
  transform: ((obj: KubeObject) => KubeObject) | undefined,
  bookmarkIntervalMs = 30_000,
): void {
  let buffered: string[] | undefined = [];
  const write = (event: WatchEvent) => {
    const object = transform && event.type !== 'BOOKMARK' && event.type !== 'ERROR' ? transform(event.object) : event.object;
    const line = `{"type":"${event.type}","object":${transform ? JSON.stringify(object) : jsonOf(object)}}\n`;
    if (buffered) buffered.push(line);
    else res.write(line);
  };
  // Opening may throw (410 Expired, bad selector) before any header is sent: the caller answers with a Status.
  const stream = api.watch(resource, namespace, options, write);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const initial = buffered;
  buffered = undefined;
  if (initial.length) res.write(initial.join(''));
  const timeoutMs = options.timeoutSeconds !== undefined ? options.timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
  const finish = () => {
    clearTimeout(timer);
    clearInterval(bookmarks);
    stream.close();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, timeoutMs);
  const bookmarks = setInterval(() => stream.bookmark(), bookmarkIntervalMs);
  bookmarks.unref();
  req.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);
}

/** An ERROR event line, for a watch that must end with a Status after headers were sent. */
export function errorEventLine(err: unknown): string {
  return `${JSON.stringify({ type: 'ERROR', object: statusOf(err) })}\n`;
}
