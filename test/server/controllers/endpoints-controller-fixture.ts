import { inProcessApi, setPodStatus } from './workload-controllers-harness.js';

/** Service shop/web selecting app=web, with pods a (ready), b (not ready), c (ready, terminating) and an unrelated pod. */
export async function serviceFixture() {
  const env = await inProcessApi(['default', 'shop']);
  const { client } = env;
  await client.create('services', 'shop', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'metrics', port: 9090, targetPort: 9090 }] },
  });
  const pod = async (name: string, ip: string, ready: boolean, extra: Record<string, unknown> = {}) => {
    const created = await client.create('pods', 'shop', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'web' } },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }], ...extra },
    });
    return setPodStatus(client, created, 'Running', ready, { podIP: ip, podIPs: [{ ip }] });
  };
  await pod('a', '10.42.0.5', true, { hostname: 'a', subdomain: 'web' });
  await pod('b', '10.42.0.4', false);
  await pod('c', '10.42.0.6', true);
  await client.delete('pods', 'shop', 'c');
  await client.create('pods', 'shop', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  return env;
}
