/** `mk8s agent --cleanup`: removes the routes a (stopped) agent recorded in `<dataDir>/agent/routes.json`. */
import { readFile, rm } from 'node:fs/promises';
import { createIpRunner, type IpRunner } from './ip-runner.js';
import { routesFile } from './route-sync.js';

export async function cleanupRoutes(options: { dataDir: string; ip?: IpRunner }): Promise<number> {
  const ip = options.ip ?? createIpRunner();
  const file = routesFile(options.dataDir);
  let routes: Record<string, string> = {};
  try {
    routes = (JSON.parse(await readFile(file, 'utf8')) as { routes?: Record<string, string> }).routes ?? {};
  } catch {
    return 0;
  }
  for (const [cidr, via] of Object.entries(routes)) await ip(['route', 'del', cidr, 'via', via]).catch(() => undefined);
  await rm(file, { force: true });
  return Object.keys(routes).length;
}
