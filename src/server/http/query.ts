import { BadRequestError } from '../../errors.js';
import type { DeleteOptions, ListOptions, WatchOptions, WriteOptions } from '../rest/request-options.js';

export function listOptions(q: URLSearchParams): ListOptions {
  const limit = q.get('limit');
  const n = limit === null || limit === '' ? undefined : Number(limit);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new BadRequestError(`invalid value for limit: ${JSON.stringify(limit)}`);
  return {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit: n,
    continue: q.get('continue') || undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
  };
}

export function watchOptions(q: URLSearchParams): WatchOptions & { timeoutSeconds?: number } {
  const timeout = q.get('timeoutSeconds');
  const t = timeout === null || timeout === '' ? undefined : Number(timeout);
  if (t !== undefined && (!Number.isFinite(t) || t < 0)) throw new BadRequestError(`invalid value for timeoutSeconds: ${JSON.stringify(timeout)}`);
  return {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
    sendInitialEvents: q.get('sendInitialEvents') === 'true',
    timeoutSeconds: t,
  };
}

export function writeOptions(q: URLSearchParams, userAgent: string | undefined): WriteOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw new BadRequestError(`Invalid value: "${d}": supported values: "All"`);
  const fv = q.get('fieldValidation');
  if (fv !== null && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw new BadRequestError(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && (fieldManager.length > 128 || fieldManager === '')) throw new BadRequestError('fieldManager: Invalid value: must be between 1 and 128 characters');
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: (fv ?? 'Warn') as WriteOptions['fieldValidation'],
    fieldManager,
    userAgent,
    warnings: [],
  };
}

export function deleteOptions(q: URLSearchParams, body: Record<string, any> | undefined, userAgent: string | undefined): DeleteOptions {
  const base = writeOptions(q, userAgent);
  const grace = body?.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) throw new BadRequestError(`gracePeriodSeconds: Invalid value: ${grace}: must be a non-negative integer`);
  let policy = body?.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  if (body?.orphanDependents === true || q.get('orphanDependents') === 'true') policy ??= 'Orphan';
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new BadRequestError(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const dryRun = body?.dryRun as string[] | undefined;
  return { ...base, dryRun: base.dryRun || (dryRun?.includes('All') ?? false), gracePeriodSeconds: grace, propagationPolicy: policy, preconditions: body?.preconditions };
}
