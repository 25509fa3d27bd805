/**
 * The few `Reflect` metadata functions @peculiar/x509's dependency injection (tsyringe) needs
 * at load time. Installed only when no polyfill (reflect-metadata, core-js) is present.
 * Must be evaluated before @peculiar/x509: import `./x509.js`, never the package directly.
 */
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function table(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let values = byProperty.get(property);
  if (!values && create) {
    values = new Map();
    byProperty.set(property, values);
  }
  return values;
}

function getOwnMetadata(key: unknown, target: object, property?: Key): unknown {
  return table(target, property, false)?.get(key);
}

function hasOwnMetadata(key: unknown, target: object, property?: Key): boolean {
  return table(target, property, false)?.has(key) ?? false;
}

function getMetadata(key: unknown, target: object, property?: Key): unknown {
  for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
    if (hasOwnMetadata(key, t, property)) return getOwnMetadata(key, t, property);
  }
  return undefined;
}

function hasMetadata(key: unknown, target: object, property?: Key): boolean {
  for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
    if (hasOwnMetadata(key, t, property)) return true;
  }
  return false;
}

function defineMetadata(key: unknown, value: unknown, target: object, property?: Key): void {
  table(target, property, true)!.set(key, value);
}

function metadata(key: unknown, value: unknown) {
  return (target: object, property?: Key): void => defineMetadata(key, value, target, property);
}

export function installReflectMetadata(): void {
  const r = Reflect as unknown as Record<string, unknown>;
  if (typeof r.getMetadata === 'function') return;
  Object.assign(r, { getMetadata, getOwnMetadata, hasMetadata, hasOwnMetadata, defineMetadata, metadata });
}

installReflectMetadata();
