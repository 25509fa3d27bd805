/**
 * A container status's `imageID`: the repository digest `REGISTRY/REPO@sha256:...` of the
 * image's full reference, without its tag (as containerd's CRI reports it).
 */
export function imageIdOf(ref: string, digest: string): string {
  const name = ref.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const repo = colon > slash ? name.slice(0, colon) : name;
  return `${repo}@${digest}`;
}
