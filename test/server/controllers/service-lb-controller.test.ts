import t from 'tap';
import { serviceLoadBalancerController, loadBalancerIngress } from '../../../src/server/controllers/service-lb-controller.js';

type Obj = Record<string, any>;
const node = (name: string, ip: string, ready = true) => ({ metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });

t.test('ingress: the Ready nodes\' addresses', async (t) => {
  t.same(loadBalancerIngress([node('b', '10.0.0.2'), node('a', '10.0.0.1'), node('c', '10.0.0.3', false)]), [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]);
});

t.test('reconcile writes status.loadBalancer.ingress once, and clears it when the type changes', async (t) => {
  const services = new Map<string, Obj>([['ns/lb', { metadata: { namespace: 'ns', name: 'lb' }, spec: { type: 'LoadBalancer' }, status: {} }]]);
  const writes: Obj[] = [];
  const client = {
    list: (r: string) => (r === 'nodes' ? [node('a', '10.0.0.1'), node('b', '10.0.0.2')] : [...services.values()]),
    tryGet: (_r: string, ns: string | undefined, name: string) => services.get(`${ns}/${name}`),
    updateStatus: async (_r: string, obj: Obj) => {
      writes.push(obj);
      services.set(`${obj.metadata.namespace}/${obj.metadata.name}`, obj);
      return obj;
    },
    watch: () => ({ close: () => undefined }),
  };
  const c = serviceLoadBalancerController(client);
  t.same(c.resyncKeys(), ['ns/lb']);
  await c.reconcile('ns/lb');
  await c.reconcile('ns/lb');
  t.equal(writes.length, 1, 'no write when already right');
  t.same(writes[0]!.status.loadBalancer, { ingress: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] });
  services.set('ns/lb', { ...services.get('ns/lb')!, spec: { type: 'ClusterIP' } });
  await c.reconcile('ns/lb');
  t.same(writes[1]!.status.loadBalancer, {});
  await c.reconcile('ns/gone');
  t.equal(writes.length, 2);
});
