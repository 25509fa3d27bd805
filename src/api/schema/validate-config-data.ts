/**
 * ConfigMap and Secret rules: data keys, no key in both data and binaryData (ConfigMap),
 * total size ≤ 1 MiB.
 */
import type { StatusCause } from '../../errors.js';
import { invalid, key, tooLong } from './causes.js';
import { isConfigMapKey } from './name-rules.js';

/** 1 MiB: upstream's MaxSecretSize, also the ConfigMap limit. */
export const MAX_DATA_SIZE = 1024 * 1024;

type Obj = Record<string, unknown>;

function map(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

function base64Size(value: string): number {
  return Buffer.from(value, 'base64').length;
}

export function validateConfigMapData(obj: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const data = map(obj.data);
  const binaryData = map(obj.binaryData);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) causes.push(invalid(key('data', k), k, msg));
    if (Object.prototype.hasOwnProperty.call(binaryData, k)) causes.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  }
  for (const [k, v] of Object.entries(binaryData)) {
    for (const msg of isConfigMapKey(k)) causes.push(invalid(key('binaryData', k), k, msg));
    size += typeof v === 'string' ? base64Size(v) : 0;
  }
  if (size > MAX_DATA_SIZE) causes.push(tooLong('', MAX_DATA_SIZE));
  return causes;
}

/** Secret `data` (base64 values) and `stringData` (merged into data before validation upstream). */
export function validateSecretData(obj: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(map(obj.data))) {
    for (const msg of isConfigMapKey(k)) causes.push(invalid(key('data', k), k, msg));
    size += typeof v === 'string' ? base64Size(v) : 0;
  }
  for (const [k, v] of Object.entries(map(obj.stringData))) {
    for (const msg of isConfigMapKey(k)) causes.push(invalid(key('stringData', k), k, msg));
    size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  }
  if (size > MAX_DATA_SIZE) causes.push(tooLong('data', MAX_DATA_SIZE));
  return causes;
}
