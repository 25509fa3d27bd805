/** All core/v1 tables served by mk8s, merged from the per-area files. */
import type { TypeRegistry } from './format.js';
import { CORE_V1_CONFIG } from './core-v1-config.js';
import { CORE_V1_CONTAINER } from './core-v1-container.js';
import { CORE_V1_NODE } from './core-v1-node.js';
import { CORE_V1_POD } from './core-v1-pod.js';
import { CORE_V1_SERVICE } from './core-v1-service.js';
import { CORE_V1_VOLUME } from './core-v1-volume.js';

export const CORE_V1: TypeRegistry = {
  ...CORE_V1_CONFIG,
  ...CORE_V1_POD,
  ...CORE_V1_CONTAINER,
  ...CORE_V1_VOLUME,
  ...CORE_V1_NODE,
  ...CORE_V1_SERVICE,
};
