import { Ctr, parseTable } from './ctr.js';
import { plainArchive } from './image-archive.js';
import { normalizeImageRef } from './image-ref.js';
import { RuntimeError } from './runtime-error.js';
import type { ImageInfo, ImageStatus, PullOptions } from './types.js';

/** What a container needs from an image's config. */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  env: string[];
  workingDir: string;
}

/** How long one `ctr images ls` answers every caller (a pod start asks twice); changes made here drop it at once. */
const LISTING_MS = 1_000;
/** Blobs kept by digest: content-addressed, so never stale; a few manifests and configs per image. */
const MAX_BLOBS = 256;

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

/** Images in the containerd namespace, through `ctr images` and `ctr content`. */
export class ImageStore {
  readonly #ctr: Ctr;
  readonly #configs = new Map<string, ImageConfig>();
  readonly #blobs = new Map<string, Promise<string>>();
  #listing?: { at: number; value: Promise<ImageInfo[]> };
  constructor(ctr: Ctr) {
    this.#ctr = ctr;
  }

  /** The images, from a listing at most LISTING_MS old (shared by concurrent callers). */
  list(): Promise<ImageInfo[]> {
    if (!this.#listing || Date.now() - this.#listing.at > LISTING_MS) {
      const value = this.#ctr.run('list', 'images', ['images', 'ls']).then(({ stdout }) => parseTable(String(stdout)).map((cols) => ({ ref: cols[0]!, digest: cols[2]! })));
      const entry = { at: Date.now(), value };
      this.#listing = entry;
      value.catch(() => {
        if (this.#listing === entry) this.#listing = undefined;
      });
    }
    return this.#listing.value;
  }

  /** Runs a change to the image list; no listing from before it is handed out after. */
  async #changing<T>(change: () => Promise<T>): Promise<T> {
    this.#listing = undefined;
    try {
      return await change();
    } finally {
      this.#listing = undefined;
    }
  }

  async status(ref: string): Promise<ImageStatus> {
    const full = normalizeImageRef(ref);
    const found = (await this.list()).find((i) => i.ref === full);
    if (!found) return { present: false, ref: full };
    const config = await this.#manifest(found.digest, full).then((m) => m.config?.digest).catch(() => undefined);
    return { present: true, ref: full, digest: found.digest, id: config ?? found.digest };
  }

  /**
   * Pulls through containerd's own resolver. A registry on localhost, 127.0.0.1 or [::1] is
   * spoken to in plain HTTP by that resolver without any flag (ctr 1.6 does so, as the e2e test
   * against a local docker-registry checks); `plainHttp` is for other HTTP-only registries, and
   * nothing sets it yet: there is no k3s-like registries.yaml.
   */
  async pull(ref: string, options: PullOptions = {}): Promise<ImageInfo> {
    const full = normalizeImageRef(ref);
    const args = ['images', 'pull', ...(options.plainHttp ? ['--plain-http'] : []), full];
    await this.#changing(() => this.#ctr.stream('pull', `image "${full}"`, args, options.onProgress, 30 * 60_000));
    const status = await this.status(full);
    if (!status.present) throw new RuntimeError('pull', `image "${full}"`, undefined, 'ctr reported success but the image is missing');
    return { ref: full, digest: status.digest! };
  }

  async import(path: string): Promise<string[]> {
    const archive = await plainArchive(path).catch((error: unknown) => {
      throw new RuntimeError('decompress', `image archive "${path}"`, error);
    });
    try {
      const { stdout } = await this.#changing(() => this.#ctr.run('import', `images from "${path}"`, ['images', 'import', archive.path], { timeout: 30 * 60_000 }));
      return [...String(stdout).matchAll(/^unpacking (\S+) \(/gm)].map((m) => m[1]!);
    } finally {
      await archive.cleanup();
    }
  }

  async remove(ref: string): Promise<void> {
    const full = normalizeImageRef(ref);
    this.#configs.delete(full);
    const result = await this.#changing(() => this.#ctr.run('remove', `image "${full}"`, ['images', 'rm', full], { reject: false }));
    if (result.exitCode !== 0 && !/not found/i.test(String(result.stderr))) {
      throw new RuntimeError('remove', `image "${full}"`, result);
    }
  }

  /** The image's Entrypoint/Cmd/Env/WorkingDir (cached per ref and digest). */
  async config(ref: string): Promise<ImageConfig> {
    const full = normalizeImageRef(ref);
    const image = (await this.list()).find((i) => i.ref === full);
    if (!image) throw new RuntimeError('read the config of', `image "${full}"`, undefined, 'image not found (pull or import it first)');
    const key = `${full}@${image.digest}`;
    const cached = this.#configs.get(key);
    if (cached) return cached;
    const manifest = await this.#manifest(image.digest, full);
    const blob = JSON.parse(await this.#content(manifest.config!.digest, full)) as { config?: Record<string, unknown> };
    const c = (blob.config ?? {}) as { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[] | null; WorkingDir?: string };
    const config = { entrypoint: c.Entrypoint ?? [], cmd: c.Cmd ?? [], env: c.Env ?? [], workingDir: c.WorkingDir ?? '' };
    this.#configs.set(key, config);
    return config;
  }

  async #manifest(digest: string, ref: string): Promise<{ config?: { digest: string } }> {
    const doc = JSON.parse(await this.#content(digest, ref)) as {
      manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[];
      config?: { digest: string };
    };
    if (!doc.manifests) return doc;
    const arch = GOARCH[process.arch] ?? process.arch;
    const chosen = doc.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch) ?? doc.manifests[0];
    if (!chosen) throw new RuntimeError('read the manifest of', `image "${ref}"`, undefined, 'empty index');
    return this.#manifest(chosen.digest, ref);
  }

  /** A blob by digest, read once (content-addressed, so the copy never goes stale). */
  #content(digest: string, ref: string): Promise<string> {
    let blob = this.#blobs.get(digest);
    if (!blob) {
      blob = this.#ctr.run('read the content of', `image "${ref}" (${digest})`, ['content', 'get', digest]).then(({ stdout }) => String(stdout));
      this.#blobs.set(digest, blob);
      blob.catch(() => this.#blobs.delete(digest));
      if (this.#blobs.size > MAX_BLOBS) this.#blobs.delete(this.#blobs.keys().next().value!);
    }
    return blob;
  }
}
