/** Docker-style reference normalisation: `busybox` → `docker.io/library/busybox:latest`. */
export function normalizeImageRef(ref: string): string {
  let name = ref.trim();
  if (!name) throw new RangeError('Cannot use an empty image reference');
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) name = `docker.io/${slash === -1 ? 'library/' : ''}${name}`;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) name += ':latest';
  return name;
}
