import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a secret file, or creates it (mode 0600) with `make()` when absent. */
export async function loadOrCreateSecret(path: string, make: () => string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const value = make();
  await writeSecret(path, value);
  return value;
}

export async function writeSecret(path: string, value: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, value + '\n', { mode: 0o600 });
  await chmod(path, 0o600);
}

export function randomSecret(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}
