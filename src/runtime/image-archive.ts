import { open, mkdtemp, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { execa } from 'execa';

export type Compression = 'none' | 'gzip' | 'zstd';

/** Detects an archive's compression by its magic bytes. */
export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/**
 * Gives a plain tar path for `path`, decompressing into a temporary file when needed; call
 * `cleanup()` when done.
 */
export async function plainArchive(path: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  const kind = detectCompression(head);
  if (kind === 'none') return { path, cleanup: async () => undefined };
  const dir = await mkdtemp(`${tmpdir()}/mk8s-import-`);
  const out = `${dir}/image.tar`;
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    if (kind === 'gzip') await pipeline(createReadStream(path), createGunzip(), createWriteStream(out));
    else await execa('zstd', ['-d', '-q', '-f', '-o', out, path]);
    return { path: out, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
