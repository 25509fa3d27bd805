/** What GET /version reports. The kubectl dispatcher on Debian picks its binary by `minor`. */
export const KUBERNETES_MINOR = '32';
export const MK8S_VERSION = '0.1.0';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: KUBERNETES_MINOR,
    gitVersion: `v1.${KUBERNETES_MINOR}.0+mk8s`,
    gitCommit: 'mk8s',
    gitTreeState: 'clean',
    buildDate: '2026-11-22T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'mk8s',
    platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
