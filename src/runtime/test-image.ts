/**
 * Builds a tiny OCI image (an OCI layout tarball) from the host's static busybox, with no
 * network: used by tests and air-gapped demos as `mk8s.local/busybox:latest`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { writeTar, type TarEntry } from './tar-writer.js';

export const TEST_IMAGE_REF = 'mk8s.local/busybox:latest';

export interface BuildTestImageOptions {
  /** The static busybox to copy (default `/bin/busybox`, from Debian's busybox-static). */
  busybox?: string;
  ref?: string;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function goArch(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch] ?? process.arch;
}

async function layerTar(busybox: string): Promise<Buffer> {
  const binary = await readFile(busybox);
  const { stdout } = await execa(busybox, ['--list']);
  const applets = [...new Set(stdout.split('\n').map((s) => s.trim()).filter((s) => s && s !== 'busybox'))].sort();
  const entries: TarEntry[] = [
    { name: 'bin/', type: 'dir' },
    { name: 'bin/busybox', type: 'file', mode: 0o755, data: binary },
    ...applets.map((a): TarEntry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/', type: 'dir' },
    { name: 'etc/group', type: 'file', data: Buffer.from('root:x:0:\nnogroup:x:65534:\n') },
    { name: 'etc/passwd', type: 'file', data: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n') },
    { name: 'root/', type: 'dir', mode: 0o700 },
    { name: 'tmp/', type: 'dir', mode: 0o1777 },
  ];
  return writeTar(entries);
}

/** Returns the OCI layout archive as bytes. */
export async function buildTestImage(options: BuildTestImageOptions = {}): Promise<Buffer> {
  const ref = options.ref ?? TEST_IMAGE_REF;
  const layer = await layerTar(options.busybox ?? '/bin/busybox');
  const layerDigest = sha256(layer);
  const config = Buffer.from(JSON.stringify({
    architecture: goArch(),
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
    history: [{ created_by: 'mk8s build-test-image (busybox-static)' }],
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layer.length }],
  }));
  const tag = ref.slice(ref.lastIndexOf(':') + 1);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${sha256(manifest)}`,
      size: manifest.length,
      platform: { architecture: goArch(), os: 'linux' },
      annotations: { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': tag },
    }],
  }));
  const blobs = [layer, config, manifest].map((data): TarEntry => ({ name: `blobs/sha256/${sha256(data)}`, type: 'file', data }));
  return writeTar([
    { name: 'blobs/', type: 'dir' },
    { name: 'blobs/sha256/', type: 'dir' },
    ...blobs,
    { name: 'index.json', type: 'file', data: index },
    { name: 'oci-layout', type: 'file', data: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
  ]);
}

/** Builds the image and writes it to `path` (parents created). */
export async function writeTestImage(path: string, options: BuildTestImageOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await buildTestImage(options));
  return path;
}
