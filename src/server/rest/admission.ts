import type { ResourceInfo } from '../../api/kinds.js';
import { applyDefaults, applyDefaultsInPlace, applyJobSelector } from '../../api/defaults/index.js';
import { createValidator, pruneUnknownFields, validateObject } from '../../api/schema/index.js';
import { TYPES, type TypeRegistry } from '../../api/types/index.js';
import { apiVersionOf } from '../../api/resources.js';
import { conversionFor } from '../../api/conversion/index.js';
import { BadRequestError, InvalidError, type StatusCause } from '../../errors.js';
import { updateManagedFields } from '../patch/index.js';
import { createManagedFields } from '../patch/create-managed-fields.js';
import { isObject } from '../patch/json.js';
import { clone, nowTime } from './object-meta.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { DeleteOptions, WriteOptions } from './request-options.js';

type Obj = Record<string, any>;

export interface AdmissionOptions {
  notReadyTolerationSeconds?: number;
  unreachableTolerationSeconds?: number;
  /** Extra per-kind hooks (service IP allocation, ...), run after defaults on create. */
  onCreate?: (info: ResourceInfo, obj: Obj) => void;
  onUpdate?: (info: ResourceInfo, old: Obj, next: Obj) => void;
}

/** Kinds whose status a create clears (their controllers write it). */
const RESET_STATUS_ON_CREATE = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'Service']);

/** Metadata fields a client cannot change on update. */
const SYSTEM_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name', 'selfLink'];

/**
 * Defaults, validation and the metadata rules of create, update and delete: what upstream's
 * registry strategies and admission plugins do, for every kind in one place.
 */
export class Admission {
  readonly types: TypeRegistry;
  #validator = createValidator(TYPES);
  #options: AdmissionOptions;

  constructor(options: AdmissionOptions = {}) {
    this.types = TYPES;
    this.#options = options;
  }

  /** Checks the body names the right kind, applies field validation, returns a private copy (`input` itself when options.ownedInput). */
  decodeForWrite(info: ResourceInfo, input: Obj, options: WriteOptions): Obj {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new BadRequestError('the request body must be a JSON or YAML object');
    const obj = options.ownedInput ? input : clone(input);
    const expected = apiVersionOf(info);
    if (obj.kind && obj.kind !== info.kind) {
      throw new BadRequestError(`the API version in the data (${obj.apiVersion ?? ''}) does not match the expected API version (${expected}) or kind ${obj.kind} is not ${info.kind}`);
    }
    if (obj.apiVersion && obj.apiVersion !== expected) {
      throw new BadRequestError(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
    }
    obj.apiVersion = expected;
    obj.kind = info.kind;
    // Unknown fields are dropped, as upstream's decoder does, whatever the mode.
    const pruned = pruneUnknownFields(this.types, info.type, obj) as Obj;
    const mode = options.fieldValidation ?? 'Ignore';
    // The schema pass names the unknown fields; prune found them first (the same tables), so with
    // nothing dropped there is nothing to name.
    if (mode !== 'Ignore' && pruned !== obj) {
      const { unknownFields } = this.#validator.validate(info.type, obj, { strict: true });
      if (unknownFields.length > 0) {
        const messages = unknownFields.map((f) => `unknown field "${f}"`);
        if (mode === 'Strict') {
          throw new BadRequestError(`strict decoding error: ${messages.join(', ')}`, unknownFields.map((f) => ({ type: 'FieldValueInvalid', message: `unknown field "${f}"`, field: f })));
        }
        options.warnings?.push(...messages);
      }
    }
    return info.kind === 'Secret' ? mergeStringData(pruned) : pruned;
  }

  prepareCreate(info: ResourceInfo, obj: Obj, now: number): Obj {
    if (RESET_STATUS_ON_CREATE.has(info.kind)) delete obj.status;
    // `obj` is decodeForWrite's private copy.
    let out = applyDefaultsInPlace(info, obj, {
      notReadyTolerationSeconds: this.#options.notReadyTolerationSeconds,
      unreachableTolerationSeconds: this.#options.unreachableTolerationSeconds,
    }) as Obj;
    if (info.kind === 'Pod') {
      out.status = { phase: 'Pending', qosClass: qosClass(out.spec) };
    }
    if (info.kind === 'Job') out = applyJobSelector(out, out.metadata.uid) as Obj;
    if (info.kind === 'Namespace') out.status = { ...(out.status ?? {}), phase: 'Active' };
    this.#options.onCreate?.(info, out);
    void now;
    return out;
  }

  /** The object an update stores: system metadata and (for main writes) status carried over. */
  prepareUpdate(info: ResourceInfo, old: Obj, input: Obj, subresource: string | undefined, now: number): Obj {
    let next: Obj;
    if (subresource === 'status') {
      next = clone(old);
      next.status = input.status;
    } else {
      next = clone(input);
      next.metadata ??= {};
      for (const field of SYSTEM_META) {
        if (old.metadata[field] === undefined) delete next.metadata[field];
        else next.metadata[field] = old.metadata[field];
      }
      if ((info.subresources ?? []).includes('status')) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      // A copy: `next` shares `status` with the cached object, and defaulters may touch status.
      next = applyDefaults(info, next, {
        notReadyTolerationSeconds: this.#options.notReadyTolerationSeconds,
        unreachableTolerationSeconds: this.#options.unreachableTolerationSeconds,
        operation: 'update',
      }) as Obj;
      const genFields = info.generationFields ?? ['spec'];
      if (next.metadata.generation !== undefined && genFields.some((f) => !jsonEqual(old[f], next[f]))) {
        next.metadata.generation = (old.metadata.generation ?? 0) + 1;
      }
      this.#checkImmutable(info, old, next);
      this.#options.onUpdate?.(info, old, next);
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    void now;
    return next;
  }

  validate(info: ResourceInfo, obj: Obj): void {
    const { causes } = this.#validator.validate(info.type, obj, { strict: false });
    const all: StatusCause[] = [...causes, ...validateObject(info, obj)];
    if (all.length > 0) throw new InvalidError(info.kind, info.group, obj.metadata?.name ?? '', all);
  }

  trackFields(info: ResourceInfo, before: Obj | undefined, after: Obj, manager: string, now: number): void {
    if (before === undefined && isObject(after.metadata)) {
      // A create: one entry owning every tracked field, built directly (the same bytes as below).
      const created = createManagedFields(after, { manager, apiVersion: apiVersionOf(info), now: nowTime(now), registry: this.types, typeName: info.type });
      if (created) after.metadata.managedFields = created;
      else delete after.metadata.managedFields;
      return;
    }
    const tracked = updateManagedFields(before, after, { manager, apiVersion: apiVersionOf(info), now: nowTime(now), registry: this.types, typeName: info.type });
    const managed = (tracked as Obj).metadata?.managedFields;
    if (managed) after.metadata.managedFields = managed;
    else delete after.metadata.managedFields;
  }

  /**
   * What a delete does: `{}` to remove the object now, or `{ object }` to store it marked
   * (deletionTimestamp) while finalizers or a graceful pod shutdown run.
   */
  planDelete(info: ResourceInfo, current: Obj, options: DeleteOptions, now: number): { object?: Obj } {
    const meta = current.metadata;
    const finalizers: string[] = [...(meta.finalizers ?? [])];
    const policy = options.propagationPolicy;
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    let grace = 0;
    if (info.kind === 'Pod') {
      const terminal = current.status?.phase === 'Succeeded' || current.status?.phase === 'Failed';
      const requested = options.gracePeriodSeconds ?? current.spec?.terminationGracePeriodSeconds ?? 30;
      grace = !current.spec?.nodeName || terminal ? 0 : Math.max(0, requested);
      if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds !== undefined && grace >= meta.deletionGracePeriodSeconds && grace !== 0) {
        return { object: current };
      }
    }
    const nsFinalizers: string[] = info.kind === 'Namespace' ? (current.spec?.finalizers ?? []) : [];
    if (finalizers.length === 0 && grace === 0 && nsFinalizers.length === 0) return {};
    if (meta.deletionTimestamp && grace === 0 && info.kind === 'Pod' && finalizers.length === 0) return {};
    const next = clone(current);
    next.metadata.finalizers = finalizers.length ? finalizers : undefined;
    if (!next.metadata.finalizers) delete next.metadata.finalizers;
    if (!meta.deletionTimestamp || (info.kind === 'Pod' && grace < (meta.deletionGracePeriodSeconds ?? Infinity))) {
      next.metadata.deletionTimestamp = nowTime(now + grace * 1000);
      next.metadata.deletionGracePeriodSeconds = grace;
    }
    if (info.kind === 'Namespace') next.status = { ...(next.status ?? {}), phase: 'Terminating' };
    if (jsonEqual(next, current)) return { object: current };
    return { object: next };
  }

  /** Objects leave in the version the request asked for (stored in another for shared kinds). */
  convertOut(info: ResourceInfo, obj: Obj): Obj {
    const conversion = conversionFor(info);
    return conversion ? conversion.fromStorage(obj) : obj;
  }

  #checkImmutable(info: ResourceInfo, old: Obj, next: Obj): void {
    const causes: StatusCause[] = [];
    const same = (path: string, a: unknown, b: unknown, message = 'field is immutable') => {
      if (!jsonEqual(a, b)) causes.push({ type: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(b)}: ${message}` });
    };
    if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(info.kind) && old.spec?.selector) {
      same('spec.selector', old.spec.selector, next.spec?.selector);
    }
    if ((info.kind === 'ConfigMap' || info.kind === 'Secret') && old.immutable) {
      same('data', old.data, next.data, 'field is immutable when `immutable` is set');
    }
    if (info.kind === 'Pod' && old.spec && next.spec) {
      const strip = (s: Obj) => ({ ...s, containers: s.containers?.map((c: Obj) => ({ ...c, image: undefined })), initContainers: s.initContainers?.map((c: Obj) => ({ ...c, image: undefined })), activeDeadlineSeconds: undefined, tolerations: undefined, terminationGracePeriodSeconds: undefined });
      if (!jsonEqual(strip(old.spec), strip(next.spec))) {
        causes.push({ type: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
      }
    }
    if (info.kind === 'Job' && old.spec?.template && !jsonEqual(old.spec.selector, next.spec?.selector)) same('spec.selector', old.spec.selector, next.spec?.selector);
    if (causes.length > 0) throw new InvalidError(info.kind, info.group, next.metadata?.name ?? '', causes);
  }
}

/** Guaranteed, Burstable or BestEffort from the containers' requests and limits. */
export function qosClass(spec: Obj | undefined): string {
  const containers: Obj[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Secret `stringData` is write-only: merged into `data` (base64), never stored. */
function mergeStringData(secret: Obj): Obj {
  if (!secret.stringData || typeof secret.stringData !== 'object') return secret;
  const { stringData, ...rest } = secret;
  const data: Record<string, string> = { ...(rest.data ?? {}) };
  for (const [k, v] of Object.entries(stringData as Record<string, unknown>)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  return { ...rest, data };
}
