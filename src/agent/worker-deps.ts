/** What every pod worker shares: the API, the runtime, the node's identity and the agent's clock. */
import type { KubeClient } from '../client/index.js';
import type { ContainerRuntime } from '../runtime/index.js';
import type { Logger } from '../log.js';
import type { BackOff } from './back-off.js';
import type { Clock } from './clock.js';
import type { EventRecorder } from './event-recorder.js';
import type { DnsSettings } from './sandbox-spec.js';

export interface WorkerDeps {
  client: KubeClient;
  runtime: ContainerRuntime;
  dataDir: string;
  nodeName: string;
  nodeIp: string;
  dns: DnsSettings;
  clock: Clock;
  log: Logger;
  events: EventRecorder;
  backOff: BackOff;
  /** image ref → `ref@sha256:...` */
  imageIds: Map<string, string>;
  allocatable: Record<string, string>;
}
