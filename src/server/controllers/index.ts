import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { ServerConfig } from '../server-config.js';
import { runController, type ControllerSpec, type RunningController } from './controller.js';
import { garbageCollector } from './garbage-collector.js';
import { namespaceController } from './namespace-controller.js';
import { serviceAccountController } from './service-account-controller.js';
import { jobController } from './job-controller.js';
import { cronJobController } from './cronjob-controller.js';
import { daemonSetController } from './daemonset-controller.js';
import { statefulSetController } from './statefulset-controller.js';
import { endpointsController } from './endpoints-controller.js';
import { endpointSliceController } from './endpointslice-controller.js';
import { nodeLifecycleController } from './node-lifecycle-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { deploymentController } from './deployment-controller.js';
import { schedulerController } from '../scheduler/index.js';
import { serviceLoadBalancerController } from './service-lb-controller.js';

export interface ControllerHandle {
  controllers: RunningController[];
  stop(): void;
}

export type ControllerFactory = (client: InProcessClient, log: Logger, config: ServerConfig) => ControllerSpec;

/** Lifecycle controllers every API needs (namespaces, service accounts, garbage collection). */
export const CORE_CONTROLLERS: ControllerFactory[] = [namespaceController, serviceAccountController, garbageCollector];

/** The controllers, started in one place. */
export const CONTROLLERS: ControllerFactory[] = [
  ...CORE_CONTROLLERS,
  schedulerController,
  replicaSetController,
  deploymentController,
  jobController,
  cronJobController,
  daemonSetController,
  statefulSetController,
  endpointsController,
  endpointSliceController,
  nodeLifecycleController,
  (client) => serviceLoadBalancerController(client) as unknown as ControllerSpec,
];

export function startControllers(client: InProcessClient, log: Logger, config: ServerConfig, which: ControllerFactory[] = CONTROLLERS): ControllerHandle {
  const controllers = which.map((make) => runController(make(client, log, config), log));
  return {
    controllers,
    stop() {
      for (const c of controllers) c.stop();
    },
  };
}
