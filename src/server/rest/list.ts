import type { ResourceInfo } from '../../api/kinds.js';
import { fieldSelectorFields, parseFieldSelector, parseLabelSelector } from '../../api/selectors/index.js';
import { apiVersionOf } from '../../api/resources.js';
import { BadRequestError, ExpiredError } from '../../errors.js';
import type { WatchCache } from '../watch-cache.js';
import type { ListOptions } from './request-options.js';
import { listPrefix } from './resource-key.js';

type Obj = Record<string, any>;

export interface ListResult {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Obj[];
}

export type ObjectFilter = (obj: Obj) => boolean;

/** One predicate from a label selector and a field selector (both optional). */
export function selectorFilter(info: ResourceInfo, labelSelector?: string, fieldSelector?: string): ObjectFilter {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector, fieldSelectorFields(info)) : undefined;
  if (!labels && !fields) return () => true;
  return (obj) => (!labels || labels.matches(obj.metadata?.labels)) && (!fields || fields.matches(obj));
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('shape');
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw new BadRequestError(`continue key is not valid: ${JSON.stringify(value)}`);
  }
}

/** A list served from the watch cache, with selectors and limit/continue chunking. */
export function listObjects(cache: WatchCache, info: ResourceInfo, namespace: string | undefined, options: ListOptions, present: (o: Obj) => Obj): ListResult {
  const filter = selectorFilter(info, options.labelSelector, options.fieldSelector);
  const prefix = listPrefix(info, namespace);
  let entries = cache.list(prefix);
  if (options.continue) {
    const token = decodeContinue(options.continue);
    if (token.rv < cache.oldestResumable - 100_000) throw new ExpiredError('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    entries = entries.filter((e) => e.key > token.start);
  }
  const items: Obj[] = [];
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  let last = '';
  let remaining = 0;
  for (const entry of entries) {
    if (!filter(entry.obj)) continue;
    if (items.length >= limit) {
      remaining++;
      continue;
    }
    items.push(present(entry.obj));
    last = entry.key;
  }
  const metadata: ListResult['metadata'] = { resourceVersion: String(cache.revision) };
  if (remaining > 0) {
    metadata.continue = encodeContinue({ rv: cache.revision, start: last });
    metadata.remainingItemCount = remaining;
  }
  return { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata, items };
}
