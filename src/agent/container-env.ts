/** A container's environment: envFrom then env, with `$(VAR)` expansion, as upstream resolves it. */
import { fieldRefValue, resourceFieldValue, type PodContext } from './field-ref.js';
import { ConfigError, type ObjectSource } from './object-source.js';
import type { Obj } from './types.js';

/** Expands `$(NAME)` from `vars`; `$$` escapes; unknown references stay as written. */
export function expandVars(input: string, vars: Record<string, string>): string {
  return input.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string | undefined) => {
    if (all === '$$') return '$';
    return name !== undefined && name in vars ? vars[name] : all;
  });
}

async function keyOf(source: ObjectSource, kind: 'configMap' | 'secret', ref: Obj): Promise<string | undefined> {
  const values = await source.values(kind, ref.name);
  const label = kind === 'configMap' ? 'configmap' : 'secret';
  if (!values) {
    if (ref.optional) return undefined;
    throw new ConfigError(`${label} "${ref.name}" not found`);
  }
  const value = values.get(ref.key);
  if (value === undefined) {
    if (ref.optional) return undefined;
    throw new ConfigError(`couldn't find key ${ref.key} in ${kind === 'configMap' ? 'ConfigMap' : 'Secret'} ${ref.name}`);
  }
  return value.toString('utf8');
}

export async function containerEnv(ctx: PodContext, container: Obj, source: ObjectSource): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'configMap' : from.secretRef ? 'secret' : undefined;
    if (!kind) continue;
    const ref = from.configMapRef ?? from.secretRef;
    const values = await source.values(kind, ref.name);
    if (!values) {
      if (ref.optional) continue;
      throw new ConfigError(`${kind === 'configMap' ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of values) env[`${from.prefix ?? ''}${k}`] = v.toString('utf8');
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    let value: string | undefined;
    if (!from) value = expandVars(String(e.value ?? ''), env);
    else if (from.configMapKeyRef) value = await keyOf(source, 'configMap', from.configMapKeyRef);
    else if (from.secretKeyRef) value = await keyOf(source, 'secret', from.secretKeyRef);
    else if (from.fieldRef) value = fieldRefValue(ctx, from.fieldRef.fieldPath);
    else if (from.resourceFieldRef) value = resourceFieldValue(ctx, from.resourceFieldRef, container.name);
    if (value !== undefined) env[e.name] = value;
  }
  return env;
}
