/** Printers for Leases, EndpointSlices and HorizontalPodAutoscalers. */

import { AGE_COLUMN, NAME_COLUMN, age, column, int, listWithMore, name } from './format.js';
import type { Obj, Printer } from './types.js';

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'The current holder of the lease.'), AGE_COLUMN],
  cells: (l, now) => [name(l), String(l.spec?.holderIdentity ?? ''), age(l, now)],
};

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'The type of the addresses: IPv4, IPv6 or FQDN.'),
    column('Ports', 'string', 'The ports of the endpoints.'),
    column('Endpoints', 'string', 'The endpoint addresses.'),
    AGE_COLUMN,
  ],
  cells(es, now) {
    const ports = list(es.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*'));
    const addresses = list(es.endpoints).flatMap((e) => list(e.addresses).map(String));
    return [name(es), String(es.addressType ?? ''), listWithMore(ports), listWithMore(addresses), age(es, now)];
  },
};

function quantity(v: unknown): string {
  return v === undefined || v === null ? '<unknown>' : String(v);
}

/** One metric's `current/target`, as kubectl shows it. */
function metricText(spec: Obj, status: Obj | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = spec[key]?.target ?? {};
      const current = status?.[key]?.current;
      if (target.averageValue != null) return `${quantity(current?.averageValue)}/${target.averageValue} (avg)`;
      return `${status?.[key] ? quantity(current?.value) : '<unknown>'}/${quantity(target.value)}`;
    }
    case 'Pods':
      return `${status?.pods ? quantity(status.pods.current?.averageValue) : '<unknown>'}/${quantity(spec.pods?.target?.averageValue)}`;
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const src = spec[key] ?? {};
      const current = status?.[key]?.current;
      if (src.target?.averageValue != null) {
        return `${src.name}: ${status?.[key] ? quantity(current?.averageValue) : '<unknown>'}/${src.target.averageValue}`;
      }
      const cur = typeof current?.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
      const tgt = typeof src.target?.averageUtilization === 'number' ? `${src.target.averageUtilization}%` : '<auto>';
      return `${src.name}: ${cur}/${tgt}`;
    }
    default:
      return '<unknown type>';
  }
}

/** The Targets cell: up to two metrics, then ` + N more...`; `<none>` without metrics. */
export function hpaTargets(hpa: Obj): string {
  let specs = list(hpa.spec?.metrics);
  let statuses = list(hpa.status?.currentMetrics);
  // autoscaling/v1 shape: a single CPU utilization target.
  if (specs.length === 0 && typeof hpa.spec?.targetCPUUtilizationPercentage === 'number') {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.spec.targetCPUUtilizationPercentage } } }];
    const cur = hpa.status?.currentCPUUtilizationPercentage;
    statuses = typeof cur === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }] : [];
  }
  if (specs.length === 0) return '<none>';
  const items = specs.map((s, i) => metricText(s, statuses[i]));
  const shown = items.slice(0, 2).join(', ');
  return items.length > 2 ? `${shown} + ${items.length - 2} more...` : shown;
}

export const hpaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'string', 'The scaled object (Kind/name).'),
    column('Targets', 'string', 'Current and target values of the metrics.'),
    column('MinPods', 'string', 'Lower limit of replicas.'),
    column('MaxPods', 'string', 'Upper limit of replicas.'),
    column('Replicas', 'string', 'Current number of replicas.'),
    AGE_COLUMN,
  ],
  cells(hpa, now) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const min = typeof hpa.spec?.minReplicas === 'number' ? String(hpa.spec.minReplicas) : '<unset>';
    return [
      name(hpa),
      `${ref.kind ?? ''}/${ref.name ?? ''}`,
      hpaTargets(hpa),
      min,
      int(hpa.spec?.maxReplicas),
      int(hpa.status?.currentReplicas),
      age(hpa, now),
    ];
  },
};
