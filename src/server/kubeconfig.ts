/** A kubeconfig for one cluster and one bearer-token user, as k3s writes it (JSON-safe YAML, no library needed). */
export function kubeconfigYaml(options: { server: string; caPem: string; token: string; name?: string }): string {
  const name = JSON.stringify(options.name ?? 'default');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${JSON.stringify(options.server)}`,
    `    certificate-authority-data: ${Buffer.from(options.caPem).toString('base64')}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    'preferences: {}',
    'users:',
    `- name: ${name}`,
    '  user:',
    `    token: ${JSON.stringify(options.token)}`,
    '',
  ].join('\n');
}
