/** Namespace defaults: name label, phase Active, and on create the `kubernetes` finalizer. */
import { objectAt, setDefault, type JsonObject } from './json.js';
import type { DefaultsOptions } from './options.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function defaultNamespace(namespace: JsonObject, options: DefaultsOptions = {}): void {
  const metadata = objectAt(namespace, 'metadata', true);
  if (typeof metadata.name === 'string' && metadata.name !== '') {
    objectAt(metadata, 'labels', true)[NAMESPACE_NAME_LABEL] = metadata.name;
  }
  if ((options.operation ?? 'create') === 'create') {
    const spec = objectAt(namespace, 'spec', true);
    const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
  }
  setDefault(objectAt(namespace, 'status', true), 'phase', 'Active');
}
