/**
 * Pod volumes on the host: emptyDir, hostPath, configMap, secret and downwardAPI under
 * `<dataDir>/agent/pods/<uid>/volumes/<plugin>/<name>`, and each container's mounts.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { MountSpec } from '../runtime/index.js';
import { fieldRefValue, resourceFieldValue, type PodContext } from './field-ref.js';
import { ConfigError, type ObjectSource } from './object-source.js';
import { volumesDir } from './paths.js';
import type { Obj } from './types.js';

interface ProjectedFile {
  path: string;
  data: Buffer;
  mode?: number;
}

function pluginOf(volume: Obj): string | undefined {
  if (volume.emptyDir) return 'kubernetes.io~empty-dir';
  if (volume.configMap) return 'kubernetes.io~configmap';
  if (volume.secret) return 'kubernetes.io~secret';
  if (volume.downwardAPI) return 'kubernetes.io~downward-api';
  return undefined;
}

async function writeFiles(dir: string, files: ProjectedFile[], defaultMode: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o755 });
  for (const f of files) {
    const target = normalize(join(dir, f.path));
    if (!target.startsWith(dir + '/')) throw new ConfigError(`volume file path "${f.path}" leaves the volume`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.data);
    await chmod(target, f.mode ?? defaultMode);
  }
}

async function keyedFiles(source: ObjectSource, kind: 'configMap' | 'secret', ref: Obj): Promise<ProjectedFile[] | undefined> {
  const name = kind === 'configMap' ? ref.name : ref.secretName;
  const values = await source.values(kind, name);
  if (!values) {
    if (ref.optional) return [];
    throw new ConfigError(`${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`);
  }
  if (!ref.items?.length) return [...values].map(([k, data]) => ({ path: k, data }));
  const files: ProjectedFile[] = [];
  for (const item of ref.items) {
    const data = values.get(item.key);
    if (data === undefined) {
      if (ref.optional) continue;
      throw new ConfigError(`configmap references non-existent config key: ${item.key}`);
    }
    files.push({ path: item.path, data, mode: item.mode });
  }
  return files;
}

/** Creates or refreshes every volume of the pod; returns volume name → host path. */
export async function preparePodVolumes(dataDir: string, ctx: PodContext, source: ObjectSource): Promise<Map<string, string>> {
  const base = volumesDir(dataDir, ctx.pod.metadata.uid);
  const paths = new Map<string, string>();
  for (const volume of ctx.pod.spec.volumes ?? []) {
    if (volume.hostPath) {
      const type = volume.hostPath.type ?? '';
      if (type === 'DirectoryOrCreate') await mkdir(volume.hostPath.path, { recursive: true, mode: 0o755 });
      if (type === 'FileOrCreate') await writeFile(volume.hostPath.path, '', { flag: 'a' });
      paths.set(volume.name, volume.hostPath.path);
      continue;
    }
    const plugin = pluginOf(volume);
    if (!plugin) continue; // PVCs and others are not served by this node agent
    const dir = join(base, plugin, volume.name);
    if (volume.emptyDir) {
      await mkdir(dir, { recursive: true, mode: 0o777 });
      await chmod(dir, 0o777);
    } else if (volume.configMap) {
      const files = await keyedFiles(source, 'configMap', volume.configMap);
      await writeFiles(dir, files ?? [], volume.configMap.defaultMode ?? 0o644);
    } else if (volume.secret) {
      const files = await keyedFiles(source, 'secret', volume.secret);
      await writeFiles(dir, files ?? [], volume.secret.defaultMode ?? 0o644);
      await chmod(dirname(dir), 0o700);
    } else if (volume.downwardAPI) {
      const files = (volume.downwardAPI.items ?? []).map((item: Obj) => ({
        path: item.path,
        mode: item.mode,
        data: Buffer.from(item.fieldRef ? fieldRefValue(ctx, item.fieldRef.fieldPath) : resourceFieldValue(ctx, item.resourceFieldRef)),
      }));
      await writeFiles(dir, files, volume.downwardAPI.defaultMode ?? 0o644);
    }
    paths.set(volume.name, dir);
  }
  return paths;
}

const ALWAYS_READ_ONLY = ['configMap', 'secret', 'downwardAPI'];

/** The runtime mounts of one container, with subPath and readOnly honoured. */
export async function containerMounts(pod: Obj, container: Obj, volumePaths: Map<string, string>): Promise<MountSpec[]> {
  const mounts: MountSpec[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const base = volumePaths.get(vm.name);
    if (!base) throw new ConfigError(`volume "${vm.name}" of container "${container.name}" is not available`);
    const volume = (pod.spec.volumes ?? []).find((v: Obj) => v.name === vm.name) ?? {};
    let hostPath = base;
    if (vm.subPath) {
      hostPath = normalize(join(base, vm.subPath));
      if (hostPath !== base && !hostPath.startsWith(base + '/')) throw new ConfigError(`subPath "${vm.subPath}" leaves volume "${vm.name}"`);
      if (volume.emptyDir || volume.hostPath?.type === 'DirectoryOrCreate') await mkdir(hostPath, { recursive: true });
    }
    const readOnly = Boolean(vm.readOnly) || ALWAYS_READ_ONLY.some((k) => volume[k]);
    mounts.push({ hostPath, containerPath: vm.mountPath, readOnly });
  }
  return mounts;
}

export async function removePodVolumes(dataDir: string, uid: string): Promise<void> {
  await rm(volumesDir(dataDir, uid), { recursive: true, force: true });
}
