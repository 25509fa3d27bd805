/**
 * k3s ServiceLB's status half: every type=LoadBalancer Service gets `status.loadBalancer.ingress`
 * set to the node addresses (each node's proxy answers the service port there). It writes
 * Service status, which a node credential may not, so it runs in the server: the returned object
 * has the shape of a server ControllerSpec and needs only the in-process client's methods.
 */
import { isConditionTrue } from '../../api/conditions.js';

type Obj = Record<string, any>;

export interface LoadBalancerClient {
  list(resource: string): Obj[];
  tryGet(resource: string, namespace: string | undefined, name: string): Obj | undefined;
  updateStatus(resource: string, obj: Obj): Promise<Obj>;
  watch(resource: string, namespace: undefined, options: Record<string, never>, onEvent: (event: { type: string; object: Obj }) => void): { close(): void };
}

const isReady = (node: Obj): boolean => isConditionTrue(node);

function nodeAddress(node: Obj): string | undefined {
  const addresses: Obj[] = node.status?.addresses ?? [];
  return (addresses.find((a) => a.type === 'ExternalIP') ?? addresses.find((a) => a.type === 'InternalIP'))?.address;
}

/** The ingress a LoadBalancer service should show: the addresses of the Ready nodes (all nodes when none is Ready). */
export function loadBalancerIngress(nodes: Obj[]): { ip: string }[] {
  const live = nodes.filter((n) => !n.metadata?.deletionTimestamp && !n.spec?.unschedulable);
  const ready = live.filter(isReady);
  const ips = new Set((ready.length ? ready : live).map(nodeAddress).filter((ip): ip is string => Boolean(ip)));
  return [...ips].sort().map((ip) => ({ ip }));
}

function handled(svc: Obj): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec?.loadBalancerClass;
}

export function serviceLoadBalancerController(client: LoadBalancerClient) {
  const lbKeys = () => client.list('services').filter(handled).map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
  return {
    name: 'service-lb',
    resyncMs: 60_000,
    resyncKeys: lbKeys,
    watch(enqueue: (key: string) => void): () => void {
      const services = client.watch('services', undefined, {}, (e) => enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`));
      const nodes = client.watch('nodes', undefined, {}, () => {
        for (const key of lbKeys()) enqueue(key);
      });
      return () => {
        services.close();
        nodes.close();
      };
    },
    async reconcile(key: string): Promise<void> {
      const [ns, name] = key.split('/');
      const svc = client.tryGet('services', ns, name!);
      if (!svc || svc.metadata.deletionTimestamp) return;
      const current = svc.status?.loadBalancer?.ingress ?? [];
      let wanted: { ip: string }[];
      if (handled(svc)) wanted = loadBalancerIngress(client.list('nodes'));
      else if (svc.spec?.type !== 'LoadBalancer' && current.length > 0) wanted = [];
      else return;
      if (JSON.stringify(current) === JSON.stringify(wanted)) return;
      const loadBalancer = wanted.length ? { ingress: wanted } : {};
      await client.updateStatus('services', { ...svc, status: { ...(svc.status ?? {}), loadBalancer } });
    },
  };
}
