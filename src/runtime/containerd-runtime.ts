import { Cgroups } from './cgroups.js';
import { CniNetwork } from './cni.js';
import { ContainerManager } from './container-manager.js';
import { Ctr } from './ctr.js';
import { ImageStore } from './image-store.js';
import { SandboxManager } from './sandbox-manager.js';
import type {
  ContainerInfo, ContainerRuntime, ContainerSpec, ContainerStats, ContainerStatus, ExecOptions, ImageInfo,
  ImageStatus, PullOptions, Sandbox, SandboxInfo, SandboxSpec,
} from './types.js';

export interface ContainerdRuntimeOptions {
  /** containerd's gRPC socket. */
  socket: string;
  /** Where sandboxes keep their files and host-local its leases. */
  stateDir: string;
  /** This node's pod CIDR (host-local range), e.g. `10.42.0.0/24`. */
  podCidr: string;
  /** The address host-network pods report. */
  nodeIp: string;
  /** containerd namespace (default `mk8s`). */
  namespace?: string;
  /** CNI bridge (default `mk8s0`). */
  bridge?: string;
  cniPluginDir?: string;
  cgroupRoot?: string;
  ctrBinary?: string;
  /** containerd snapshotter (default overlayfs; `native` where overlay does not work). */
  snapshotter?: string;
  /** The node's resolv.conf for pods using the node's DNS (default /etc/resolv.conf). */
  resolvConf?: string;
  /** The `mk8s-setuser` helper for runAsUser/runAsGroup (default: where `npm run build` puts it, dist/mk8s-setuser). */
  setuserBinary?: string;
}

/** ContainerRuntime over containerd, driven through `ctr`, with CNI invoked directly. */
export class ContainerdRuntime implements ContainerRuntime {
  readonly #images: ImageStore;
  readonly #sandboxes: SandboxManager;
  readonly #containers: ContainerManager;
  readonly cni: CniNetwork;
  constructor(options: ContainerdRuntimeOptions) {
    const ctr = new Ctr(options.socket, options.namespace ?? 'mk8s', options.ctrBinary, options.snapshotter);
    this.cni = new CniNetwork({
      podCidr: options.podCidr, bridge: options.bridge, dataDir: `${options.stateDir}/cni/networks`, pluginDir: options.cniPluginDir,
    });
    this.#images = new ImageStore(ctr);
    this.#sandboxes = new SandboxManager({ stateDir: options.stateDir, cni: this.cni, nodeIp: options.nodeIp, resolvConf: options.resolvConf });
    this.#containers = new ContainerManager(ctr, this.#images, this.#sandboxes, new Cgroups(options.cgroupRoot), options.setuserBinary);
  }

  listImages(): Promise<ImageInfo[]> {
    return this.#images.list();
  }
  pullImage(ref: string, options?: PullOptions): Promise<ImageInfo> {
    return this.#images.pull(ref, options);
  }
  importImages(path: string): Promise<string[]> {
    return this.#images.import(path);
  }
  removeImage(ref: string): Promise<void> {
    return this.#images.remove(ref);
  }
  imageStatus(ref: string): Promise<ImageStatus> {
    return this.#images.status(ref);
  }

  createSandbox(pod: SandboxSpec): Promise<Sandbox> {
    return this.#sandboxes.create(pod);
  }
  removeSandbox(id: string): Promise<void> {
    return this.#sandboxes.remove(id);
  }
  listSandboxes(filter?: { uid?: string }): Promise<SandboxInfo[]> {
    return this.#sandboxes.list(filter);
  }

  createContainer(sandbox: Sandbox, spec: ContainerSpec): Promise<string> {
    return this.#containers.create(sandbox, spec);
  }
  startContainer(id: string): Promise<void> {
    return this.#containers.start(id);
  }
  stopContainer(id: string, graceSeconds: number): Promise<void> {
    return this.#containers.stop(id, graceSeconds);
  }
  removeContainer(id: string): Promise<void> {
    return this.#containers.remove(id);
  }
  listContainers(filter?: { labels?: Record<string, string> }): Promise<ContainerInfo[]> {
    return this.#containers.list(filter);
  }
  containerStatus(id: string): Promise<ContainerStatus> {
    return this.#containers.status(id);
  }
  exec(id: string, cmd: string[], options?: ExecOptions): Promise<number> {
    return this.#containers.exec(id, cmd, options);
  }
  stats(id: string): Promise<ContainerStats> {
    return this.#containers.stats(id);
  }
}
