import type { FilterPlugin, HostPort } from '../types.js';

function conflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

/** A hostPort (protocol, IP) already taken on the node by a bound pod. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  skip: (pod) => pod.hostPorts.length === 0,
  filter(pod, node) {
    if (pod.hostPorts.length === 0) return undefined;
    for (const other of node.pods.values()) {
      for (const used of other.hostPorts) {
        if (pod.hostPorts.some((p) => conflicts(p, used))) return "node(s) didn't have free ports for the requested pod ports";
      }
    }
    return undefined;
  },
};
