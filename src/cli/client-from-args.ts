import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient, loadKubeconfig } from '../client/index.js';
import { defaultDataDir } from '../server/server-config.js';

/** --kubeconfig, then KUBECONFIG, then the local server's default kubeconfig. */
export function kubeconfigPath(flag?: string): string {
  if (flag) return flag;
  const env = process.env.KUBECONFIG?.split(':').find(Boolean);
  if (env) return env;
  const local = join(defaultDataDir(), 'kubeconfig.yaml');
  if (existsSync(local)) return local;
  throw new Error(`no kubeconfig: pass --kubeconfig, set KUBECONFIG, or run mk8s server (it writes ${local})`);
}

export function clientFromArgs(args: { kubeconfig?: string }): KubeClient {
  return new KubeClient(loadKubeconfig(kubeconfigPath(args.kubeconfig)));
}
