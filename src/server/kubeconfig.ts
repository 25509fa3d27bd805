import YAML from 'yaml';

/** A kubeconfig for one cluster and one bearer-token user, as k3s writes it. */
export function kubeconfigYaml(options: { server: string; caPem: string; token: string; name?: string }): string {
  const name = options.name ?? 'default';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: options.server, 'certificate-authority-data': Buffer.from(options.caPem).toString('base64') } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    preferences: {},
    users: [{ name, user: { token: options.token } }],
  });
}
