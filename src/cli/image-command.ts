import { join } from 'node:path';
import { ContainerdRuntime } from '../runtime/index.js';
import { defaultDataDir } from '../server/server-config.js';

export interface ImageArgs {
  action: string;
  files?: string[];
  'data-dir'?: string;
  'container-runtime-endpoint'?: string;
}

/** `mk8s image import FILE... | ls | rm REF...` on this machine's node (its containerd). */
export async function runImage(args: ImageArgs, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const dataDir = args['data-dir'] ?? defaultDataDir();
  const socket = args['container-runtime-endpoint']?.replace(/^unix:\/\//, '') ?? join(dataDir, 'agent', 'containerd', 'containerd.sock');
  const runtime = new ContainerdRuntime({ socket, stateDir: join(dataDir, 'agent', 'runtime'), podCidr: '10.42.0.0/24', nodeIp: '127.0.0.1' });
  switch (args.action) {
    case 'import': {
      if (!args.files?.length) throw new Error('image import: name at least one archive (OCI or docker, plain, gzip or zstd)');
      for (const file of args.files) for (const ref of await runtime.importImages(file)) out(`imported ${ref}`);
      return 0;
    }
    case 'ls': {
      const images = await runtime.listImages();
      out(['IMAGE', 'DIGEST'].map((h) => h.padEnd(60)).join('').trimEnd());
      for (const i of images) out(`${i.ref.padEnd(60)}${i.digest ?? ''}`);
      return 0;
    }
    case 'rm': {
      if (!args.files?.length) throw new Error('image rm: name at least one image');
      for (const ref of args.files) {
        await runtime.removeImage(ref);
        out(`removed ${ref}`);
      }
      return 0;
    }
    default:
      throw new Error(`image: unknown action ${JSON.stringify(args.action)} (import, ls, rm)`);
  }
}
