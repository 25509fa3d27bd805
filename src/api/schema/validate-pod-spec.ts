/**
 * Pod spec rules: at least one container, names DNS-1123 labels unique across containers and
 * init containers, image required, container ports in range.
 */
import type { StatusCause } from '../../errors.js';
import { child, duplicate, index, invalid, required } from './causes.js';
import { isDns1123Label, isValidPortNum } from './name-rules.js';

type Obj = Record<string, unknown>;

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as Obj[]) : [];
}

function validatePorts(ports: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  list(ports).forEach((port, i) => {
    const at = index(path, i);
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      causes.push(required(child(at, 'containerPort')));
    } else if (typeof containerPort === 'number') {
      for (const msg of isValidPortNum(containerPort)) causes.push(invalid(child(at, 'containerPort'), containerPort, msg));
    }
    const hostPort = port.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0) {
      for (const msg of isValidPortNum(hostPort)) causes.push(invalid(child(at, 'hostPort'), hostPort, msg));
    }
  });
  return causes;
}

function validateContainers(containers: Obj[], path: string, names: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  containers.forEach((container, i) => {
    const at = index(path, i);
    const name = typeof container.name === 'string' ? container.name : '';
    if (!name) {
      causes.push(required(child(at, 'name')));
    } else {
      for (const msg of isDns1123Label(name)) causes.push(invalid(child(at, 'name'), name, msg));
      if (names.has(name)) causes.push(duplicate(child(at, 'name'), name));
      names.add(name);
    }
    if (typeof container.image !== 'string' || container.image.trim() === '') causes.push(required(child(at, 'image')));
    causes.push(...validatePorts(container.ports, child(at, 'ports')));
  });
  return causes;
}

/** Checks one pod spec found at `path` (e.g. `spec`, `spec.template.spec`). */
export function validatePodSpec(spec: unknown, path: string): StatusCause[] {
  const s = spec !== null && typeof spec === 'object' ? (spec as Obj) : {};
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  const containers = list(s.containers);
  if (containers.length === 0) causes.push(required(child(path, 'containers')));
  causes.push(...validateContainers(containers, child(path, 'containers'), names));
  causes.push(...validateContainers(list(s.initContainers), child(path, 'initContainers'), names));
  return causes;
}
