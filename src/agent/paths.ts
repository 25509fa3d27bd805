/** Where the agent keeps per-pod state under `<dataDir>/agent`. */
import { join } from 'node:path';

export function agentDir(dataDir: string): string {
  return join(dataDir, 'agent');
}

export function podDir(dataDir: string, uid: string): string {
  return join(agentDir(dataDir), 'pods', uid);
}

export function volumesDir(dataDir: string, uid: string): string {
  return join(podDir(dataDir, uid), 'volumes');
}

/** `<dataDir>/agent/pods/<uid>/logs/<container>-<attempt>.log`: one file per attempt. */
export function containerLogPath(dataDir: string, uid: string, container: string, attempt: number): string {
  return join(podDir(dataDir, uid), 'logs', `${container}-${attempt}.log`);
}
