/** Printers for core kinds other than pods and events. */

import { AGE_COLUMN, NAME_COLUMN, age, column, formatLabels, int, name } from './format.js';
import type { Obj, Printer } from './types.js';

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

function count(v: unknown): number {
  return v && typeof v === 'object' ? Object.keys(v).length : 0;
}

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace.'), AGE_COLUMN],
  cells: (ns, now) => [name(ns), String(ns.status?.phase ?? ''), age(ns, now)],
};

/** `Ready`, `NotReady` or `Unknown`, then `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Obj): string {
  const ready = list(node.status?.conditions).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role=<role>`, or `<none>`. */
export function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((node.metadata?.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: Obj, type: string): string {
  return list(node.status?.addresses).find((a) => a.type === type)?.address || '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node.'),
    column('Roles', 'string', 'The roles of the node.'),
    AGE_COLUMN,
    column('Version', 'string', 'Kubelet version the node reports.'),
    column('Internal-IP', 'string', 'The first InternalIP address of the node.', 1),
    column('External-IP', 'string', 'The first ExternalIP address of the node.', 1),
    column('OS-Image', 'string', 'OS image the node reports.', 1),
    column('Kernel-Version', 'string', 'Kernel version the node reports.', 1),
    column('Container-Runtime', 'string', 'Container runtime and version the node reports.', 1),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      name(node),
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      String(info.kubeletVersion ?? ''),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

/** `80/TCP,443:30443/TCP`, or `<none>`. */
export function servicePorts(svc: Obj): string {
  const pieces = list(svc.spec?.ports).map((p) => {
    const protocol = p.protocol ?? 'TCP';
    return int(p.nodePort) > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

/** External-IP cell: external IPs, load-balancer ingress, `<pending>`, `<none>` by service type. */
export function serviceExternalIP(svc: Obj): string {
  const externalIPs: string[] = list(svc.spec?.externalIPs).map(String);
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [
        ...new Set(list(svc.status?.loadBalancer?.ingress).map((i) => String(i.ip || i.hostname || '')).filter((s) => s !== '')),
      ].sort();
      const all = [...lb, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return String(svc.spec?.externalName ?? '');
    default:
      return '<unknown>';
  }
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'string', 'The virtual IP of the service.'),
    column('External-IP', 'string', 'Addresses the service is reachable at from outside the cluster.'),
    column('Port(s)', 'string', 'The ports the service exposes.'),
    AGE_COLUMN,
    column('Selector', 'string', 'Labels of the pods traffic is routed to.', 1),
  ],
  cells: (svc, now) => [
    name(svc),
    String(svc.spec?.type ?? ''),
    svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>',
    serviceExternalIP(svc),
    servicePorts(svc),
    age(svc, now),
    formatLabels(svc.spec?.selector),
  ],
};

/** Up to three `ip:port` endpoints, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: Obj): string {
  const subsets = list(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const items: string[] = [];
  let total = 0;
  for (const ss of subsets) {
    const addresses = list(ss.addresses);
    const ports = list(ss.ports);
    if (ports.length === 0) {
      total += addresses.length;
      for (const a of addresses) if (items.length < 3) items.push(String(a.ip));
      continue;
    }
    for (const p of ports) {
      total += addresses.length;
      for (const a of addresses) {
        if (items.length < 3) items.push(String(a.ip).includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
      }
    }
  }
  const shown = items.join(',');
  return total > 3 ? `${shown} + ${total - 3} more...` : shown;
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, column('Endpoints', 'string', 'The ready endpoints of the service.'), AGE_COLUMN],
  cells: (ep, now) => [name(ep), formatEndpoints(ep), age(ep, now)],
};

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, column('Data', 'string', 'Number of keys in data and binaryData.'), AGE_COLUMN],
  cells: (cm, now) => [name(cm), count(cm.data) + count(cm.binaryData), age(cm, now)],
};

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'The type of the secret.'),
    column('Data', 'string', 'Number of keys in data.'),
    AGE_COLUMN,
  ],
  cells: (s, now) => [name(s), String(s.type ?? ''), count(s.data), age(s, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, column('Secrets', 'string', 'Number of secrets listed in the service account.'), AGE_COLUMN],
  cells: (sa, now) => [name(sa), list(sa.secrets).length, age(sa, now)],
};
