import type { Logger } from '../../log.js';
import type { InProcessClient } from '../in-process-client.js';
import type { ServerConfig } from '../server-config.js';
import { runController, type ControllerSpec, type RunningController } from './controller.js';
import { garbageCollector } from './garbage-collector.js';
import { namespaceController } from './namespace-controller.js';
import { serviceAccountController } from './service-account-controller.js';

export interface ControllerHandle {
  controllers: RunningController[];
  stop(): void;
}

/** The controllers, started in one place. */
export const CONTROLLERS: ((client: InProcessClient, log: Logger, config: ServerConfig) => ControllerSpec)[] = [
  namespaceController,
  serviceAccountController,
  garbageCollector,
];

export function startControllers(client: InProcessClient, log: Logger, config: ServerConfig): ControllerHandle {
  const controllers = CONTROLLERS.map((make) => runController(make(client, log, config), log));
  return {
    controllers,
    stop() {
      for (const c of controllers) c.stop();
    },
  };
}
