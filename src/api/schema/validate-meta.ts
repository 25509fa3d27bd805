/**
 * ObjectMeta rules the schema cannot say: name syntax, labels, annotations.
 */
import type { StatusCause } from '../../errors.js';
import { child, invalid, required, tooLong } from './causes.js';
import { isQualifiedName, isValidLabelValue } from './name-rules.js';

export type NameRule = (name: string) => string[];

/** 256 KiB: upstream's TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

type Obj = Record<string, unknown>;

function asObject(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function validateLabels(labels: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const map = asObject(labels);
  if (!map) return causes;
  for (const [k, v] of Object.entries(map)) {
    for (const msg of isQualifiedName(k)) causes.push(invalid(path, k, msg));
    if (typeof v === 'string') for (const msg of isValidLabelValue(v)) causes.push(invalid(path, v, msg));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const map = asObject(annotations);
  if (!map) return causes;
  let size = 0;
  for (const [k, v] of Object.entries(map)) {
    for (const msg of isQualifiedName(k.toLowerCase())) causes.push(invalid(path, k, msg));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

/**
 * metadata of a stored object: name (or generateName) by `nameRule`, labels, annotations.
 * With `nameRule` undefined (pod templates) only labels and annotations are checked.
 */
export function validateObjectMeta(meta: unknown, path: string, nameRule?: NameRule): StatusCause[] {
  const m = asObject(meta) ?? {};
  const causes: StatusCause[] = [];
  if (nameRule) {
    const name = typeof m.name === 'string' ? m.name : '';
    const generateName = typeof m.generateName === 'string' ? m.generateName : '';
    if (generateName) {
      // generateName is a prefix: a trailing dash is fine since a suffix follows.
      const masked = generateName.endsWith('-') ? generateName.slice(0, -1) + 'a' : generateName;
      for (const msg of nameRule(masked)) causes.push(invalid(child(path, 'generateName'), generateName, msg));
    }
    if (!name) {
      if (!generateName) causes.push(required(child(path, 'name'), 'name or generateName is required'));
    } else {
      for (const msg of nameRule(name)) causes.push(invalid(child(path, 'name'), name, msg));
    }
  }
  causes.push(...validateLabels(m.labels, child(path, 'labels')));
  causes.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  return causes;
}
