import { execa } from 'execa';
import { kubeconfigPath } from './client-from-args.js';

/** `mk8s kubectl ARGS`: the installed kubectl with mk8s's kubeconfig. */
export async function runKubectl(args: string[], kubeconfig?: string): Promise<number> {
  const result = await execa('kubectl', args, {
    stdio: 'inherit',
    reject: false,
    env: { KUBECONFIG: kubeconfigPath(kubeconfig) },
  });
  if (result.failed && result.exitCode === undefined) throw new Error(`kubectl could not be run: ${result.shortMessage}`);
  return result.exitCode ?? 1;
}
